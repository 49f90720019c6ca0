using System.Linq.Expressions;
using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Accompagnements.Statistiques;

/// <summary>
/// Computes the figures of « Mes statistiques » in the database, never loading the records: one scan of the period's records
/// grouped by day with a SUM(CASE …) per figure (flag bits tested with one AND) and the named files of individual records
/// (group_concat / string_agg); two joins that read the date index alone (anonymous workshop counts, named participants); one
/// grouped query over the distinct named files by id. The caller scopes the records (an advisor's own, an organization's), so
/// that the partial indexes (AdvisorId, Date, Id) and (OrganizationId, Date) WHERE DeletedAt IS NULL serve the range.
/// </summary>
public static class ActivityStatistics
{
    /// <summary>The widest period the page accepts (and the month list is built for).</summary>
    public const int MaxYears = 5;

    private static readonly Measures Plan = new();

    public static async Task<ActivityFigures> ComputeAsync(AppDbContext db, IQueryable<Activity> records, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (to < from)
        {
            throw new ArgumentException("The period ends before it starts.", nameof(to));
        }

        var inPeriod = records.Where(a => a.DeletedAt == null && a.Date >= from && a.Date <= to);

        // 1. One scan: every per-record figure and the named files of individual records, per day; totals in memory.
        var days = await MainQuery(records, from, to).ToListAsync(ct);
        var sums = new long[Plan.Length];
        var fileIds = new HashSet<long>();
        foreach (var day in days)
        {
            for (var i = 0; i < sums.Length; i++)
            {
                sums[i] += day.Values[i];
            }

            foreach (var id in (day.Files ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                fileIds.Add(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        // 2. Anonymous workshop participants and their breakdowns, summed per dimension and value. No filter on the type (only
        // workshops have counts): the join then reads the index alone, without a lookup of each record.
        var counts = await (
                from c in db.ActivityParticipantCounts
                join a in inPeriod on c.ActivityId equals a.Id
                group c.Count by new { c.Dimension, c.Value } into g
                select new { g.Key.Dimension, g.Key.Value, Count = g.Sum() })
            .ToListAsync(ct);
        int Anonymous(ParticipantDimension dimension, int value) => counts.Where(c => c.Dimension == dimension && c.Value == value).Sum(c => c.Count);
        var workshopAnonymous = Anonymous(ParticipantDimension.Total, 0);

        // 3. The named files of workshop participations (the join reads the index alone), then every distinct named file of the
        // period by its id, with whether it had a live record before the period: the files are the organization's, so « déjà
        // accompagné » means by any of its advisors. Grouped by the fields the breakdowns need.
        fileIds.UnionWith(await (
                from p in db.ActivityParticipants
                join a in inPeriod on p.ActivityId equals a.Id
                select p.BeneficiaryId)
            .Distinct().ToListAsync(ct));
        var ids = fileIds.ToList();
        var files = ids.Count == 0 ? [] : await (
                from b in db.Beneficiaries
                where ids.Contains(b.Id)
                select new
                {
                    b.BirthYear,
                    b.Gender,
                    b.Status,
                    Returning = db.Activities.Any(a => a.BeneficiaryId == b.Id && a.DeletedAt == null && a.Date < @from)
                        || db.ActivityParticipants.Any(p => p.BeneficiaryId == b.Id && p.Activity!.DeletedAt == null && p.Activity.Date < @from),
                })
            .GroupBy(x => new { x.BirthYear, x.Gender, x.Status, x.Returning })
            .Select(g => new FileGroup(g.Key.BirthYear, g.Key.Gender, g.Key.Status, g.Key.Returning, g.Count()))
            .ToListAsync(ct);

        var ageBands = Zero<AgeBand>();
        var genders = Zero<Gender>();
        var statuses = Zero<BeneficiaryStatus>();
        foreach (var file in files)
        {
            // The age reached in the period's last year: a file holds a birth year, not a band.
            ageBands[Beneficiary.AgeBandOf(file.BirthYear, to)] += file.Count;
            genders[Defined(file.Gender)] += file.Count;
            statuses[Defined(file.Status)] += file.Count;
        }

        foreach (var band in ageBands.Keys.ToList())
        {
            ageBands[band] += (int)sums[Plan.AnonymousAgeBand[band]];
        }

        foreach (var gender in genders.Keys.ToList())
        {
            genders[gender] += (int)sums[Plan.AnonymousGender[gender]];
        }

        foreach (var status in statuses.Keys.ToList())
        {
            statuses[status] += (int)sums[Plan.AnonymousStatus[status]];
        }

        AddWorkshopBreakdown(ageBands, ParticipantDimension.AgeBand, workshopAnonymous, Anonymous);
        AddWorkshopBreakdown(genders, ParticipantDimension.Gender, workshopAnonymous, Anonymous);
        AddWorkshopBreakdown(statuses, ParticipantDimension.Status, workshopAnonymous, Anonymous);

        ActivityCount Pair(int index) => new((int)sums[index], (int)sums[index + 1]);
        var monthly = days.GroupBy(d => d.Key.Year * 100 + d.Key.Month)
            .ToDictionary(m => m.Key, m => new ActivityCount((int)m.Sum(d => d.Values[Plan.TotalIndex]), (int)m.Sum(d => d.Values[Plan.TotalIndex + 1])));

        return new ActivityFigures
        {
            From = from,
            To = to,
            Total = Pair(Plan.TotalIndex),
            TotalMinutes = sums[Plan.MinutesIndex],
            ByType = Plan.Types.ToDictionary(x => x.Key, x => Pair(x.Value)),
            ByTheme = Plan.Themes.ToDictionary(x => x.Key, x => Pair(x.Value)),
            ByProcedureFamily = Plan.Families.ToDictionary(x => x.Key, x => Pair(x.Value)),
            ByDuration = Plan.Durations.ToDictionary(x => x.Key, x => Pair(x.Value)),
            ByLocation = Plan.Locations.ToDictionary(x => x.Key, x => Pair(x.Value)),
            ByEquipment = Plan.Equipment.ToDictionary(x => x.Key, x => Pair(x.Value)),
            ByMonth = [.. MonthsOf(from, to).Select(m => new MonthFigures(m.Year, m.Month, monthly.GetValueOrDefault(m.Year * 100 + m.Month)))],
            Beneficiaries = new BeneficiaryFigures
            {
                Followed = files.Sum(f => f.Count),
                FollowedNew = files.Where(f => !f.Returning).Sum(f => f.Count),
                FollowedReturning = files.Where(f => f.Returning).Sum(f => f.Count),
                AnonymousIndividual = (int)sums[Plan.AnonymousIndividualIndex],
                AnonymousWorkshop = workshopAnonymous,
                AnonymousWorkshopReturning = Anonymous(ParticipantDimension.AlreadyAccompanied, 1),
                AnonymousWorkshopNew = Anonymous(ParticipantDimension.AlreadyAccompanied, 0),
                ByAgeBand = ageBands,
                ByGender = genders,
                ByStatus = statuses,
            },
        };
    }

    /// <summary>
    /// The single scan: per day, every per-record sum. Grouped by the indexed date (not by a computed month), the rows come in
    /// index order and need no sort; the days add up to months and totals in memory (at most 366 rows a year).
    /// </summary>
    public static IQueryable<DayRow> MainQuery(IQueryable<Activity> records, DateOnly from, DateOnly to) =>
        records.AsNoTracking()
            .Where(a => a.DeletedAt == null && a.Date >= from && a.Date <= to)
            .GroupBy(a => a.Date)
            .Select(Plan.Projection);

    /// <summary>The band of a duration in minutes.</summary>
    public static DurationBand BandOf(int minutes) => minutes switch
    {
        < 30 => DurationBand.Under30,
        < 60 => DurationBand.From30To60,
        < 120 => DurationBand.From60To120,
        _ => DurationBand.From120,
    };

    /// <summary>The first day of every month from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static IEnumerable<DateOnly> MonthsOf(DateOnly from, DateOnly to)
    {
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1))
        {
            yield return m;
        }
    }

    /// <summary>The workshop's counts of one dimension; participants it does not break down count as « Non communiqué ».</summary>
    private static void AddWorkshopBreakdown<T>(Dictionary<T, int> target, ParticipantDimension dimension, int total, Func<ParticipantDimension, int, int> count)
        where T : struct, Enum
    {
        var said = 0;
        foreach (var key in target.Keys.ToList())
        {
            if (!key.Equals(default(T)))
            {
                var n = count(dimension, Convert.ToInt32(key, System.Globalization.CultureInfo.InvariantCulture));
                target[key] += n;
                said += n;
            }
        }

        target[default] += Math.Max(0, total - said);
    }

    private static Dictionary<T, int> Zero<T>() where T : struct, Enum => ActivityLabels.All<T>().ToDictionary(x => x.Value, _ => 0);

    private static T Defined<T>(T value) where T : struct, Enum => Enum.IsDefined(value) ? value : default;

    private sealed record FileGroup(int? BirthYear, Gender Gender, BeneficiaryStatus Status, bool Returning, int Count);

    /// <summary>One day's sums, in the order of <see cref="Measures"/>.</summary>
    public sealed class DayRow
    {
        public DateOnly Key { get; set; }

        /// <summary>The named files of the day's individual records, comma-separated (group_concat, string_agg).</summary>
        public string? Files { get; set; }
        public long[] Values { get; set; } = [];
    }

    /// <summary>
    /// The list of sums of the single scan, built once as an expression: for each figure, SUM(CASE WHEN … THEN 1 ELSE 0 END)
    /// (activities) and SUM(CASE WHEN … THEN "ParticipantCount" ELSE 0 END) (accompaniments). Constants are inlined so the
    /// SQL carries no parameter per figure.
    /// </summary>
    private sealed class Measures
    {
        private readonly ParameterExpression _a = Expression.Parameter(typeof(Activity), "a");
        private readonly List<Expression> _sums = [];
        private readonly ParameterExpression _g = Expression.Parameter(typeof(IGrouping<DateOnly, Activity>), "g");

        public Measures()
        {
            var type = Expression.Property(_a, nameof(Activity.Type));
            var themes = Expression.Property(_a, nameof(Activity.Themes));
            var families = Expression.Property(_a, nameof(Activity.ProcedureFamilies));
            var equipment = Expression.Property(_a, nameof(Activity.Equipment));
            var location = Expression.Property(_a, nameof(Activity.Location));
            var minutes = Expression.Property(_a, nameof(Activity.DurationMinutes));
            var anonymousIndividual = Expression.AndAlso(
                Expression.Equal(type, Expression.Constant(ActivityType.Individual)),
                Expression.Equal(Expression.Property(_a, nameof(Activity.BeneficiaryId)), Expression.Constant(null, typeof(long?))));

            TotalIndex = Pair(Expression.Constant(true));
            MinutesIndex = Add(Expression.Convert(minutes, typeof(long)));
            Types = Enum.GetValues<ActivityType>().ToDictionary(t => t, t => Pair(Expression.Equal(type, Expression.Constant(t))));
            Themes = ActivityLabels.All<ActivityTheme>().ToDictionary(t => t.Value, t => Pair(HasFlag(themes, t.Value)));
            Families = ActivityLabels.All<ProcedureFamily>().ToDictionary(f => f.Value, f => Pair(HasFlag(families, f.Value)));
            Durations = new Dictionary<DurationBand, int>
            {
                [DurationBand.Under30] = Pair(Expression.LessThan(minutes, Expression.Constant(30))),
                [DurationBand.From30To60] = Pair(Between(minutes, 30, 60)),
                [DurationBand.From60To120] = Pair(Between(minutes, 60, 120)),
                [DurationBand.From120] = Pair(Expression.GreaterThanOrEqual(minutes, Expression.Constant(120))),
            };
            Locations = ActivityLabels.All<ActivityLocation>().ToDictionary(l => l.Value, l => Pair(Expression.Equal(location, Expression.Constant(l.Value))));
            Equipment = ActivityLabels.All<ActivityEquipment>().ToDictionary(e => e.Value, e => Pair(HasFlag(equipment, e.Value)));
            Equipment[ActivityEquipment.None] = Pair(Expression.Equal(equipment, Expression.Constant(ActivityEquipment.None)));
            AnonymousIndividualIndex = Count(anonymousIndividual);
            AnonymousAgeBand = ActivityLabels.All<AgeBand>().ToDictionary(x => x.Value, x => Count(Expression.AndAlso(anonymousIndividual,
                Expression.Equal(Expression.Property(_a, nameof(Activity.BeneficiaryAgeBand)), Expression.Constant(x.Value)))));
            AnonymousGender = ActivityLabels.All<Gender>().ToDictionary(x => x.Value, x => Count(Expression.AndAlso(anonymousIndividual,
                Expression.Equal(Expression.Property(_a, nameof(Activity.BeneficiaryGender)), Expression.Constant(x.Value)))));
            AnonymousStatus = ActivityLabels.All<BeneficiaryStatus>().ToDictionary(x => x.Value, x => Count(Expression.AndAlso(anonymousIndividual,
                Expression.Equal(Expression.Property(_a, nameof(Activity.BeneficiaryStatus)), Expression.Constant(x.Value)))));

            // g => new DayRow { Key = g.Key, Values = new long[] { g.Sum(…), … } }
            Projection = Expression.Lambda<Func<IGrouping<DateOnly, Activity>, DayRow>>(
                Expression.MemberInit(
                    Expression.New(typeof(DayRow)),
                    Expression.Bind(typeof(DayRow).GetProperty(nameof(DayRow.Key))!, Expression.Property(_g, nameof(IGrouping<DateOnly, Activity>.Key))),
                    Expression.Bind(typeof(DayRow).GetProperty(nameof(DayRow.Values))!, Expression.NewArrayInit(typeof(long), _sums)),
                    Expression.Bind(typeof(DayRow).GetProperty(nameof(DayRow.Files))!, Expression.Call(
                        typeof(string).GetMethod(nameof(string.Join), [typeof(string), typeof(IEnumerable<string>)])!,
                        Expression.Constant(","),
                        Expression.Call(typeof(Enumerable), nameof(Enumerable.Select), [typeof(Activity), typeof(string)],
                            Expression.Call(typeof(Enumerable), nameof(Enumerable.Where), [typeof(Activity)], _g, NamedFile),
                            FileId)))),
                _g);
        }

        public Expression<Func<IGrouping<DateOnly, Activity>, DayRow>> Projection { get; }
        public int Length => _sums.Count;
        public int TotalIndex { get; }
        public int MinutesIndex { get; }
        public int AnonymousIndividualIndex { get; }
        public Dictionary<ActivityType, int> Types { get; }
        public Dictionary<ActivityTheme, int> Themes { get; }
        public Dictionary<ProcedureFamily, int> Families { get; }
        public Dictionary<DurationBand, int> Durations { get; }
        public Dictionary<ActivityLocation, int> Locations { get; }
        public Dictionary<ActivityEquipment, int> Equipment { get; }
        public Dictionary<AgeBand, int> AnonymousAgeBand { get; }
        public Dictionary<Gender, int> AnonymousGender { get; }
        public Dictionary<BeneficiaryStatus, int> AnonymousStatus { get; }

        /// <summary>(flags &amp; bit) != 0, on the underlying integer type as the C# compiler writes it for enums.</summary>
        private static readonly Expression<Func<Activity, bool>> NamedFile = a => a.BeneficiaryId != null;
        private static readonly Expression<Func<Activity, string>> FileId = a => a.BeneficiaryId!.Value.ToString();

        private static Expression HasFlag(MemberExpression flags, Enum bit)
        {
            var underlying = Enum.GetUnderlyingType(flags.Type);
            var value = Convert.ChangeType(bit, underlying, System.Globalization.CultureInfo.InvariantCulture);
            return Expression.NotEqual(
                Expression.And(Expression.Convert(flags, underlying), Expression.Constant(value, underlying)),
                Expression.Constant(Convert.ChangeType(0, underlying, System.Globalization.CultureInfo.InvariantCulture), underlying));
        }

        private static Expression Between(Expression minutes, int low, int high) =>
            Expression.AndAlso(Expression.GreaterThanOrEqual(minutes, Expression.Constant(low)), Expression.LessThan(minutes, Expression.Constant(high)));

        /// <summary>Two sums: records matching, and their participants; returns the first one's index.</summary>
        private int Pair(Expression condition)
        {
            var index = Count(condition);
            Add(Expression.Condition(condition, Expression.Convert(Expression.Property(_a, nameof(Activity.ParticipantCount)), typeof(long)), Expression.Constant(0L)));
            return index;
        }

        private int Count(Expression condition) => Add(Expression.Condition(condition, Expression.Constant(1L), Expression.Constant(0L)));

        private int Add(Expression value)
        {
            var selector = Expression.Lambda<Func<Activity, long>>(value, _a);
            _sums.Add(Expression.Call(typeof(Enumerable), nameof(Enumerable.Sum), [typeof(Activity)], _g, selector));
            return _sums.Count - 1;
        }
    }
}
