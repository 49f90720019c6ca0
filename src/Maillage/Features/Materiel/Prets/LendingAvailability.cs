using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

/// <summary>Days held by a pending, approved or checked-out reservation (both ends included).</summary>
public sealed record BusyRange(DateOnly Start, DateOnly End);

/// <summary>One lendable item over the period: its held days, and whether it is blocked whatever the day (maintenance).</summary>
public sealed record AvailabilityItem(int Id, string AssetTag, string Model, int CategoryId, ItemStatus Status, int? KitId, bool Blocked, IReadOnlyList<BusyRange> Busy)
{
    public bool IsFree(DateOnly day) => !Blocked && !Busy.Any(b => b.Start <= day && b.End >= day);

    public bool IsFree(DateOnly start, DateOnly end) => !Blocked && !Busy.Any(b => b.Start <= end && b.End >= start);
}

/// <summary>A category or a kit over the period: how many of its items (or whether the kit) are free each day.</summary>
public sealed record AvailabilityRow(string Key, string Name, int Total, IReadOnlyList<int> FreeByDay);

public sealed record Availability(DateOnly From, DateOnly To, IReadOnlyList<AvailabilityRow> Categories, IReadOnlyList<AvailabilityRow> Kits, IReadOnlyList<AvailabilityItem> Items)
{
    public int Days => To.DayNumber - From.DayNumber + 1;
}

/// <summary>
/// The availability calendar of the lending catalogue: two queries (the items, then the holding lines that touch the
/// period, read through their covering index) and a difference array per category, so a year of 2 000 items stays cheap.
/// </summary>
public sealed class LendingAvailability(AppDbContext db, TimeProvider clock)
{
    public const int MaxDays = 400;

    public async Task<Availability> ComputeAsync(DateOnly from, DateOnly to, int? categoryId = null, CancellationToken ct = default)
    {
        if (to < from || to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"La période va de 1 à {MaxDays} jours.");
        }

        var catalogue = db.Items.AsNoTracking().Where(i => i.CampaignId == null && i.Status != ItemStatus.Retired && i.Status != ItemStatus.Donated && i.Status != ItemStatus.OutOfService);
        if (categoryId is { } c)
        {
            catalogue = catalogue.Where(i => i.CategoryId == c);
        }

        var items = await catalogue.OrderBy(i => i.AssetTag)
            .Select(i => new { i.Id, i.AssetTag, i.Model, i.CategoryId, i.Status, i.KitId }).ToListAsync(ct);
        // The holding lines of the window, read through the (Holds, EndDate, StartDate) index; without a category, no join:
        // lines of items outside the catalogue (retired, given, campaign stock) are dropped here, cheaper than an EXISTS per row.
        var window = db.ReservationLines.AsNoTracking().Where(l => l.Holds && l.EndDate >= from && l.StartDate <= to);
        if (categoryId is not null)
        {
            window = window.Where(l => catalogue.Any(i => i.Id == l.ItemId));
        }

        var rows = await window.Select(l => new { l.ItemId, l.StartDate, l.EndDate }).ToListAsync(ct);

        // A loan not back on its last day still holds the item until today: it is overdue, not free.
        var today = DateOnly.FromDateTime(Shared.Web.ParisTime.ToParis(clock.GetUtcNow()).DateTime);
        var onLoan = items.Where(i => i.Status == ItemStatus.OnLoan).Select(i => i.Id).ToList();
        if (onLoan.Count > 0 && from <= today)
        {
            rows.AddRange(await db.ReservationLines.AsNoTracking().Where(l => onLoan.Contains(l.ItemId) && l.Holds && l.EndDate < from)
                .Select(l => new { l.ItemId, l.StartDate, l.EndDate }).ToListAsync(ct));
        }

        var onLoanSet = onLoan.ToHashSet();
        var known = items.Select(i => i.Id).ToHashSet();
        var byItem = new Dictionary<int, List<BusyRange>>();
        foreach (var l in rows)
        {
            if (!known.Contains(l.ItemId))
            {
                continue;
            }

            var end = onLoanSet.Contains(l.ItemId) && l.EndDate < today ? today : l.EndDate;
            if (!byItem.TryGetValue(l.ItemId, out var list))
            {
                byItem[l.ItemId] = list = [];
            }

            list.Add(new BusyRange(l.StartDate, end));
        }

        var busy = byItem.ToDictionary(p => p.Key, p => (IReadOnlyList<BusyRange>)[.. p.Value.OrderBy(b => b.Start)]);
        var days = to.DayNumber - from.DayNumber + 1;
        var result = items.Select(i => new AvailabilityItem(i.Id, i.AssetTag, i.Model, i.CategoryId, i.Status, i.KitId,
            !ReservationService.Bookable(i.Status), busy.GetValueOrDefault(i.Id) ?? [])).ToList();

        var names = await db.ItemCategories.AsNoTracking().ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var categories = result.Where(i => i.KitId is null).GroupBy(i => i.CategoryId)
            .Select(g => new AvailabilityRow("c" + g.Key, names.GetValueOrDefault(g.Key) ?? "", g.Count(), FreeCounts(g, from, days)))
            .OrderBy(r => r.Name, StringComparer.CurrentCulture).ToList();

        var kitIds = result.Where(i => i.KitId is not null).Select(i => i.KitId!.Value).Distinct().ToList();
        var kits = await db.Kits.AsNoTracking().Where(k => k.IsActive && kitIds.Contains(k.Id)).OrderBy(k => k.Name).Select(k => new { k.Id, k.Name }).ToListAsync(ct);
        var kitRows = kits.Select(k =>
        {
            var members = result.Where(i => i.KitId == k.Id).ToList();
            var perDay = FreeCounts(members, from, days);
            // A kit is free on a day only when all of its items are.
            return new AvailabilityRow("k" + k.Id, k.Name, 1, [.. perDay.Select(n => n == members.Count ? 1 : 0)]);
        }).ToList();
        return new Availability(from, to, categories, kitRows, result);
    }

    /// <summary>Free items per day: every unblocked item counts, minus its held days (a difference array over the period).</summary>
    private static int[] FreeCounts(IEnumerable<AvailabilityItem> items, DateOnly from, int days)
    {
        var delta = new int[days + 1];
        var free = 0;
        foreach (var item in items)
        {
            if (item.Blocked)
            {
                continue;
            }

            free++;
            foreach (var b in item.Busy)
            {
                var s = Math.Max(0, b.Start.DayNumber - from.DayNumber);
                var e = Math.Min(days - 1, b.End.DayNumber - from.DayNumber);
                if (s <= e)
                {
                    delta[s]--;
                    delta[e + 1]++;
                }
            }
        }

        var counts = new int[days];
        var running = free;
        for (var d = 0; d < days; d++)
        {
            running += delta[d];
            counts[d] = running;
        }

        return counts;
    }
}
