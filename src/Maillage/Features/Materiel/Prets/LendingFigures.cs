using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

public sealed record CategoryUse(string Category, int Items, int DaysOut, int DaysAvailable)
{
    /// <summary>Days out over days available, in percent (0 when nothing was available).</summary>
    public double Rate => DaysAvailable == 0 ? 0 : Math.Round(100.0 * DaysOut / DaysAvailable, 1);
}

public sealed record NamedCount(string Name, int Count);

public sealed record LendingFiguresResult(
    DateOnly From, DateOnly To, IReadOnlyList<CategoryUse> Categories, IReadOnlyList<NamedCount> MostRequested, IReadOnlyList<NamedCount> Structures,
    IReadOnlyList<NamedCount> Places, int Requests, int Loans, int Overdue);

/// <summary>
/// The lending's figures over a period: utilisation by category (days out over days available), the most requested items,
/// the structures and places reached, the overdue loans today. Counted from the reservation lines, for the dashboards.
/// </summary>
public sealed class LendingFigures(AppDbContext db)
{
    public async Task<LendingFiguresResult> ComputeAsync(FleetAccess access, DateOnly from, DateOnly to, DateOnly today, CancellationToken ct = default)
    {
        var ids = access.OrganizationIds;
        var items = db.Items.AsNoTracking().Where(i => i.CampaignId == null && (ids == null || ids.Contains(i.OrganizationId)));
        var reservations = db.Reservations.AsNoTracking().Where(r => ids == null || ids.Contains(r.LenderOrganizationId));
        var lines = await db.ReservationLines.AsNoTracking()
            .Where(l => l.StartDate <= to && l.EndDate >= from && reservations.Any(r => r.Id == l.ReservationId))
            .Select(l => new
            {
                l.ItemId,
                l.Item!.AssetTag,
                l.Item.Model,
                Category = l.Item.Category!.Name,
                l.StartDate,
                l.EndDate,
                Status = db.Reservations.Where(r => r.Id == l.ReservationId).Select(r => r.Status).First(),
                CheckedOutAt = db.Reservations.Where(r => r.Id == l.ReservationId).Select(r => r.CheckedOutAt).First(),
                ReturnedAt = db.Reservations.Where(r => r.Id == l.ReservationId).Select(r => r.ReturnedAt).First(),
                l.ReservationId,
            })
            .ToListAsync(ct);
        var periodDays = to.DayNumber - from.DayNumber + 1;
        var perCategory = await items.Where(i => i.Status != ItemStatus.Retired && i.Status != ItemStatus.Donated && i.Status != ItemStatus.OutOfService)
            .GroupBy(i => i.Category!.Name).Select(g => new { Category = g.Key, Count = g.Count() }).ToListAsync(ct);

        static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(Shared.Web.ParisTime.ToParis(at).DateTime);
        var outDays = lines.Where(l => l.CheckedOutAt is not null)
            .Select(l =>
            {
                var start = Max(Day(l.CheckedOutAt!.Value), from);
                var end = Min(l.ReturnedAt is { } back ? Day(back) : Max(l.EndDate, today), to);
                return (l.Category, Days: Math.Max(0, end.DayNumber - start.DayNumber + 1));
            })
            .GroupBy(x => x.Category).ToDictionary(g => g.Key, g => g.Sum(x => x.Days));
        var categories = perCategory.OrderBy(c => c.Category, StringComparer.CurrentCulture)
            .Select(c => new CategoryUse(c.Category, c.Count, outDays.GetValueOrDefault(c.Category), c.Count * periodDays)).ToList();

        var asked = lines.Where(l => l.Status != ReservationStatus.Waiting);
        var mostRequested = asked.GroupBy(l => (l.AssetTag, l.Model)).Select(g => new NamedCount($"{g.Key.Model} ({g.Key.AssetTag})", g.Select(l => l.ReservationId).Distinct().Count()))
            .OrderByDescending(n => n.Count).ThenBy(n => n.Name, StringComparer.Ordinal).Take(10).ToList();

        var lentIds = lines.Where(l => l.CheckedOutAt is not null).Select(l => l.ReservationId).Distinct().ToList();
        var lent = await reservations.Where(r => lentIds.Contains(r.Id)).Select(r => new { r.Id, Borrower = r.Borrower!.Name, r.Location }).ToListAsync(ct);
        var structures = lent.GroupBy(r => r.Borrower).Select(g => new NamedCount(g.Key, g.Count())).OrderByDescending(n => n.Count).ThenBy(n => n.Name, StringComparer.CurrentCulture).ToList();
        var places = lent.GroupBy(r => r.Location.Trim(), StringComparer.CurrentCultureIgnoreCase).Select(g => new NamedCount(g.First().Location, g.Count()))
            .OrderByDescending(n => n.Count).ThenBy(n => n.Name, StringComparer.CurrentCulture).ToList();
        var requests = lines.Select(l => l.ReservationId).Distinct().Count();
        var overdue = await reservations.CountAsync(r => r.Status == ReservationStatus.CheckedOut && r.EndDate < today, ct);
        return new LendingFiguresResult(from, to, categories, mostRequested, structures, places, requests, lentIds.Count, overdue);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
