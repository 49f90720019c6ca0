using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Lieux;
using Maillage.Features.Territoires;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Accompagnements;

/// <summary>The outcome of a create or update: the saved record, or the French errors by field, or why nothing happened.</summary>
public sealed record ActivitySaveResult(Activity? Activity, IReadOnlyDictionary<string, string[]> Errors, ActivitySaveStatus Status)
{
    public bool Succeeded => Status is ActivitySaveStatus.Created or ActivitySaveStatus.Replayed or ActivitySaveStatus.Updated;

    public static ActivitySaveResult Invalid(Dictionary<string, string[]> errors) => new(null, errors, ActivitySaveStatus.Invalid);

    public static ActivitySaveResult Of(ActivitySaveStatus status) => new(null, new Dictionary<string, string[]>(), status);
}

public enum ActivitySaveStatus
{
    Created,

    /// <summary>The same Idempotency-Key was already used by this advisor: the earlier record is returned, nothing created.</summary>
    Replayed,
    Updated,
    Invalid,
    NotFound,

    /// <summary>Someone else changed the record since it was read (version mismatch).</summary>
    Conflict,
}

/// <summary>
/// Creates, changes and soft-deletes activity records under the rules of <see cref="ActivityRules"/> and the scope of
/// <see cref="ActivityAccess"/>; every change is audited in the same transaction as the record. Used by the pages, the API
/// and the demo data.
/// </summary>
public sealed class ActivityService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int MaxIdempotencyKeyLength = 100;

    public DateOnly Today => DateOnly.FromDateTime(ParisTime.ToParis(clock.GetUtcNow()).DateTime);

    public async Task<ActivitySaveResult> CreateAsync(ActivityAccess access, ActivityInput input, string? idempotencyKey = null, CancellationToken ct = default)
    {
        if (!access.CanRecord || access.UserId is not { } advisorId)
        {
            return ActivitySaveResult.Invalid(new() { [nameof(ActivityInput.OrganizationId)] = ["Seul un conseiller ou une conseillère rattaché·e à une structure enregistre des activités."] });
        }

        idempotencyKey = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        if (idempotencyKey is { Length: > MaxIdempotencyKeyLength })
        {
            return ActivitySaveResult.Invalid(new() { ["Idempotency-Key"] = [$"La clé d'idempotence ne doit pas dépasser {MaxIdempotencyKeyLength} caractères."] });
        }

        if (idempotencyKey is not null && await FindByKeyAsync(advisorId, idempotencyKey, ct) is { } earlier)
        {
            return new ActivitySaveResult(earlier, new Dictionary<string, string[]>(), ActivitySaveStatus.Replayed);
        }

        var organizationId = input.OrganizationId ?? access.RecordingOrganizationIds[0];
        if (!access.RecordingOrganizationIds.Contains(organizationId))
        {
            return ActivitySaveResult.Invalid(new() { [nameof(ActivityInput.OrganizationId)] = ["Vous n'enregistrez pas d'activités pour cette structure."] });
        }

        var errors = ActivityRules.Validate(input, await ContextAsync(organizationId, input, previousPlaceId: null, ct));
        if (errors.Count > 0)
        {
            return ActivitySaveResult.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var activity = new Activity { AdvisorId = advisorId, OrganizationId = organizationId, CreatedAt = now, IdempotencyKey = idempotencyKey };
        Apply(input, activity, now);
        db.Activities.Add(activity);
        await TouchBeneficiariesAsync(activity, ct);
        // The audit entry names the record, whose id exists once inserted: both writes in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // Two requests with the same key raced: the unique index let one in; answer with that one.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (await FindByKeyAsync(advisorId, idempotencyKey, ct) is { } winner)
            {
                return new ActivitySaveResult(winner, new Dictionary<string, string[]>(), ActivitySaveStatus.Replayed);
            }

            throw;
        }

        audit.Record(AuditActions.ActivityCreated, "activite", Id(activity.Id), Describe(activity));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ActivitySaveResult(activity, new Dictionary<string, string[]>(), ActivitySaveStatus.Created);
    }

    public async Task<ActivitySaveResult> UpdateAsync(ActivityAccess access, long id, ActivityInput input, uint? expectedVersion = null, CancellationToken ct = default)
    {
        var activity = await db.Activities.Include(a => a.Participants).Include(a => a.AnonymousCounts).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (activity is null || !access.CanChange(activity))
        {
            return ActivitySaveResult.Of(ActivitySaveStatus.NotFound);
        }

        if (expectedVersion is { } version && version != activity.Version)
        {
            return ActivitySaveResult.Of(ActivitySaveStatus.Conflict);
        }

        // The record stays with its organization; only a change of it by its advisor would move it.
        input.OrganizationId = activity.OrganizationId;
        var errors = ActivityRules.Validate(input, await ContextAsync(activity.OrganizationId, input, activity.PlaceId, ct));
        if (errors.Count > 0)
        {
            return ActivitySaveResult.Invalid(errors);
        }

        db.ActivityParticipants.RemoveRange(activity.Participants);
        db.ActivityParticipantCounts.RemoveRange(activity.AnonymousCounts);
        activity.Participants.Clear();
        activity.AnonymousCounts.Clear();
        Apply(input, activity, clock.GetUtcNow());
        await TouchBeneficiariesAsync(activity, ct);
        audit.Record(AuditActions.ActivityUpdated, "activite", Id(activity.Id), Describe(activity));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ActivitySaveResult.Of(ActivitySaveStatus.Conflict);
        }

        return new ActivitySaveResult(activity, new Dictionary<string, string[]>(), ActivitySaveStatus.Updated);
    }

    /// <summary>Soft delete: the record leaves every list and figure but stays for the audit trail.</summary>
    public async Task<bool> DeleteAsync(ActivityAccess access, long id, CancellationToken ct = default)
    {
        var activity = await db.Activities.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (activity is null || !access.CanChange(activity))
        {
            return false;
        }

        activity.DeletedAt = clock.GetUtcNow();
        activity.DeletedById = access.UserId;
        audit.Record(AuditActions.ActivityDeleted, "activite", Id(activity.Id), Describe(activity));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>One record the user may read, with its participants and counts; null when absent, deleted or out of scope.</summary>
    public Task<Activity?> FindAsync(ActivityAccess access, long id, CancellationToken ct = default) =>
        access.Readable(db.Activities.AsNoTracking()).Include(a => a.Participants).Include(a => a.AnonymousCounts).Include(a => a.Place)
            .AsSplitQuery().FirstOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>The previous record of the advisor: the form's defaults (place, duration, equipment) come from it.</summary>
    public Task<Activity?> LastOfAsync(string advisorId, CancellationToken ct = default) =>
        db.Activities.AsNoTracking().Where(a => a.AdvisorId == advisorId && a.DeletedAt == null).OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);

    /// <summary>The rules' errors alone, saving nothing: a form with errors of its own shows these at the same time.</summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(int organizationId, ActivityInput input, int? previousPlaceId, CancellationToken ct = default) =>
        ActivityRules.Validate(input, await ContextAsync(organizationId, input, previousPlaceId, ct));

    /// <summary>What the rules need: places of the organization (and the record's current one), known places, the organization's files.</summary>
    public async Task<ActivityRuleContext> ContextAsync(int organizationId, ActivityInput input, int? previousPlaceId, CancellationToken ct)
    {
        var places = new HashSet<int>();
        if (input.PlaceId is { } placeId)
        {
            if (placeId == previousPlaceId || await PlacesOf(organizationId).AnyAsync(p => p.Id == placeId, ct))
            {
                places.Add(placeId);
            }
        }

        var known = new HashSet<int>();
        if (input.ReferralPlaceId is { } referral && await db.Places.AnyAsync(p => p.Id == referral && p.MergedIntoId == null, ct))
        {
            known.Add(referral);
        }

        var wanted = input.ParticipantIds.Append(input.BeneficiaryId ?? 0).Where(i => i != 0).Distinct().ToList();
        var files = wanted.Count == 0 ? [] : (await db.Beneficiaries.AsNoTracking()
            .Where(b => wanted.Contains(b.Id) && b.OrganizationId == organizationId && b.AnonymisedAt == null).Select(b => b.Id).ToListAsync(ct)).ToHashSet();

        return new ActivityRuleContext(Today, places, known.Contains, files.Contains);
    }

    /// <summary>The places an organization's advisors record in: those it holds and those of its commune (or wider node).</summary>
    public IQueryable<Place> PlacesOf(int organizationId)
    {
        var node = db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Territory!.Kind == TerritoryKind.Quartier && o.Territory.Parent != null ? o.Territory.Parent.Path : o.Territory!.Path);
        return db.Places.Where(p => p.MergedIntoId == null && (p.OrganizationId == organizationId || node.Any(path => p.Commune!.Path.StartsWith(path))));
    }

    /// <summary>Copies a valid input onto the entity (also used by the import, after the same rules).</summary>
    public static void Apply(ActivityInput input, Activity activity, DateTimeOffset now)
    {
        var type = input.Type!.Value;
        activity.Type = type;
        activity.Date = input.Date!.Value;
        activity.DurationMinutes = input.DurationMinutes!.Value;
        activity.Location = input.Location!.Value;
        activity.PlaceId = activity.Location == ActivityLocation.Place ? input.PlaceId : null;
        activity.LocationCommuneCode = activity.Location is ActivityLocation.Home or ActivityLocation.OtherPlace ? input.LocationCommuneCode?.Trim() : null;
        activity.Equipment = input.Equipment.Aggregate(ActivityEquipment.None, (all, e) => all | e);
        activity.Themes = input.Themes.Aggregate((ActivityTheme)0, (all, t) => all | t);
        var procedures = activity.Themes.HasFlag(ActivityTheme.AdministrativeProcedures);
        activity.ProcedureFamilies = procedures ? input.ProcedureFamilies.Aggregate((ProcedureFamily)0, (all, f) => all | f) : 0;
        activity.ProcedureName = procedures ? Clean(input.ProcedureName) : null;
        activity.Autonomy = type == ActivityType.Individual ? input.Autonomy : null;
        activity.Referral = input.Referral;
        activity.ReferralPlaceId = input.ReferralPlaceId;
        activity.WorkshopTitle = type == ActivityType.Collective ? Clean(input.WorkshopTitle) : null;
        activity.WorkshopLevel = type == ActivityType.Collective ? input.WorkshopLevel : null;
        activity.Notes = Clean(input.Notes);
        activity.Tags = Codes.Join(input.Tags.Select(t => t.Trim()));
        activity.ParticipantCount = ActivityRules.ParticipantCount(input);

        var individual = type == ActivityType.Individual;
        activity.BeneficiaryId = individual ? input.BeneficiaryId : null;
        activity.BeneficiaryAgeBand = individual ? input.BeneficiaryAgeBand : AgeBand.Unknown;
        activity.BeneficiaryGender = individual ? input.BeneficiaryGender : Gender.Unknown;
        activity.BeneficiaryStatus = individual ? input.BeneficiaryStatus : BeneficiaryStatus.Unknown;
        activity.BeneficiaryCommuneCode = individual ? Clean(input.BeneficiaryCommuneCode) : null;

        if (type == ActivityType.Collective)
        {
            activity.Participants.AddRange(input.ParticipantIds.Distinct().Select(id => new ActivityParticipant { BeneficiaryId = id }));
            if (input.AnonymousParticipants > 0)
            {
                activity.AnonymousCounts.Add(new ActivityParticipantCount { Dimension = ParticipantDimension.Total, Value = 0, Count = input.AnonymousParticipants });
                void Add<T>(ParticipantDimension dimension, IReadOnlyDictionary<T, int> counts) where T : struct, Enum
                {
                    foreach (var (value, count) in counts.Where(c => c.Value > 0))
                    {
                        activity.AnonymousCounts.Add(new ActivityParticipantCount { Dimension = dimension, Value = Convert.ToInt32(value, CultureInfo.InvariantCulture), Count = count });
                    }
                }

                Add(ParticipantDimension.AgeBand, input.AnonymousByAgeBand);
                Add(ParticipantDimension.Gender, input.AnonymousByGender);
                Add(ParticipantDimension.Status, input.AnonymousByStatus);
                if (input.AnonymousAlreadyAccompanied > 0)
                {
                    activity.AnonymousCounts.Add(new ActivityParticipantCount { Dimension = ParticipantDimension.AlreadyAccompanied, Value = 1, Count = input.AnonymousAlreadyAccompanied });
                }
            }
        }

        activity.ModifiedAt = now;
    }

    /// <summary>The input that reproduces a record: the edit form, « dupliquer », the API's GET and PUT.</summary>
    public static ActivityInput ToInput(Activity a)
    {
        Dictionary<T, int> Counts<T>(ParticipantDimension dimension) where T : struct, Enum =>
            a.AnonymousCounts.Where(c => c.Dimension == dimension).ToDictionary(c => (T)Enum.ToObject(typeof(T), c.Value), c => c.Count);

        return new ActivityInput
        {
            Type = a.Type,
            OrganizationId = a.OrganizationId,
            Date = a.Date,
            DurationMinutes = a.DurationMinutes,
            Location = a.Location,
            PlaceId = a.PlaceId,
            LocationCommuneCode = a.LocationCommuneCode,
            Equipment = [.. ActivityLabels.All<ActivityEquipment>().Select(e => e.Value).Where(e => e != 0 && a.Equipment.HasFlag(e))],
            Themes = [.. ActivityLabels.All<ActivityTheme>().Select(t => t.Value).Where(t => t != 0 && a.Themes.HasFlag(t))],
            ProcedureFamilies = [.. ActivityLabels.All<ProcedureFamily>().Select(f => f.Value).Where(f => f != 0 && a.ProcedureFamilies.HasFlag(f))],
            ProcedureName = a.ProcedureName,
            Autonomy = a.Autonomy,
            Referral = a.Referral,
            ReferralPlaceId = a.ReferralPlaceId,
            WorkshopTitle = a.WorkshopTitle,
            WorkshopLevel = a.WorkshopLevel,
            Notes = a.Notes,
            Tags = [.. Codes.Split(a.Tags)],
            BeneficiaryAgeBand = a.BeneficiaryAgeBand,
            BeneficiaryGender = a.BeneficiaryGender,
            BeneficiaryStatus = a.BeneficiaryStatus,
            BeneficiaryCommuneCode = a.BeneficiaryCommuneCode,
            BeneficiaryId = a.BeneficiaryId,
            ParticipantIds = [.. a.Participants.Select(p => p.BeneficiaryId)],
            AnonymousParticipants = a.AnonymousCounts.Where(c => c.Dimension == ParticipantDimension.Total).Sum(c => c.Count),
            AnonymousByAgeBand = Counts<AgeBand>(ParticipantDimension.AgeBand),
            AnonymousByGender = Counts<Gender>(ParticipantDimension.Gender),
            AnonymousByStatus = Counts<BeneficiaryStatus>(ParticipantDimension.Status),
            AnonymousAlreadyAccompanied = a.AnonymousCounts.Where(c => c.Dimension == ParticipantDimension.AlreadyAccompanied).Sum(c => c.Count),
        };
    }

    private Task<Activity?> FindByKeyAsync(string advisorId, string key, CancellationToken ct) =>
        db.Activities.AsNoTracking().Include(a => a.Participants).Include(a => a.AnonymousCounts).AsSplitQuery()
            .FirstOrDefaultAsync(a => a.AdvisorId == advisorId && a.IdempotencyKey == key, ct);

    /// <summary>Keeps each named file's last activity day, which the retention job reads.</summary>
    private async Task TouchBeneficiariesAsync(Activity activity, CancellationToken ct)
    {
        var ids = activity.Participants.Select(p => p.BeneficiaryId).Append(activity.BeneficiaryId ?? 0).Where(i => i != 0).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        foreach (var file in await db.Beneficiaries.Where(b => ids.Contains(b.Id)).ToListAsync(ct))
        {
            if (file.LastActivityOn is null || file.LastActivityOn < activity.Date)
            {
                file.LastActivityOn = activity.Date;
            }
        }
    }

    // Audit details never hold personal data: type, date, counts.
    private static string Describe(Activity a) =>
        $"{ActivityLabels.Label(a.Type)} du {a.Date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}, {a.DurationMinutes} min, {a.ParticipantCount} personne(s)";

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
