using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel;

public sealed record CatalogueEntry(bool IsKit, int Id, string AssetTag, string Name, string Category, ItemStatus Status, int ItemCount, bool? Free);

/// <summary>/materiel/catalogue: what structures may borrow (kits first, then single items), free or not over the days asked.</summary>
public sealed class CatalogueModel(AppDbContext db, ScopeAccessor scopes) : LendingPageModel(db, scopes)
{
    public Paged<CatalogueEntry> Results { get; private set; } = new([], 1, 25, 0);
    public List<(int Id, string Name)> Categories { get; private set; } = [];
    public string? Query { get; private set; }
    public int? CategoryId { get; private set; }
    public DateOnly? From { get; private set; }
    public DateOnly? To { get; private set; }
    public string? PeriodError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q, int? categorie, DateOnly? du, DateOnly? au, int? page, CancellationToken ct)
    {
        await AccessAsync(ct);
        Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        CategoryId = categorie;
        From = du;
        To = au ?? du;
        if (From is not null && To < From)
        {
            PeriodError = LendingMessages.EndBeforeStart;
            To = null;
            From = null;
        }

        var categories = await Db.ItemCategories.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ThenBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        Categories = [.. categories.Select(c => (c.Id, c.Name))];

        var items = FleetSearch.Matching(ReservationService.Catalogue(Db.Items.AsNoTracking()), Query);
        var kits = Db.Kits.AsNoTracking().Where(k => k.IsActive && k.Items.Any());
        if (categorie is { } c)
        {
            items = items.Where(i => i.CategoryId == c);
            kits = kits.Where(k => k.Items.Any(i => i.CategoryId == c));
        }

        if (Query is { } t)
        {
            var upper = t.ToUpperInvariant();
            kits = kits.Where(k => k.Name.Contains(t) || k.AssetTag.Contains(upper));
        }

        var (number, size) = Paging.Normalize(page, 25);
        var kitCount = await kits.CountAsync(ct);
        var itemCount = await items.CountAsync(ct);
        var skip = (number - 1) * size;
        var rows = new List<CatalogueEntry>();
        if (skip < kitCount)
        {
            var kitRows = await kits.OrderBy(k => k.Name).Skip(skip).Take(size)
                .Select(k => new { k.Id, k.AssetTag, k.Name, Count = k.Items.Count, Down = k.Items.Any(i => i.Status == ItemStatus.InMaintenance || i.Status == ItemStatus.OutOfService || i.Status == ItemStatus.Retired) })
                .ToListAsync(ct);
            rows.AddRange(kitRows.Select(k => new CatalogueEntry(true, k.Id, k.AssetTag, k.Name, "Valise", k.Down ? ItemStatus.InMaintenance : ItemStatus.Available, k.Count, null)));
        }

        if (rows.Count < size)
        {
            var itemRows = await items.OrderBy(i => i.AssetTag).Skip(Math.Max(0, skip - kitCount)).Take(size - rows.Count)
                .Select(i => new { i.Id, i.AssetTag, i.Model, Category = i.Category!.Name, i.Status }).ToListAsync(ct);
            rows.AddRange(itemRows.Select(i => new CatalogueEntry(false, i.Id, i.AssetTag, i.Model, i.Category, i.Status, 1, null)));
        }

        if (From is { } from && To is { } to)
        {
            var itemIds = rows.Where(r => !r.IsKit).Select(r => r.Id).ToList();
            var kitIds = rows.Where(r => r.IsKit).Select(r => r.Id).ToList();
            var busy = await Db.ReservationLines.AsNoTracking()
                .Where(l => l.Holds && l.StartDate <= to && l.EndDate >= from && (itemIds.Contains(l.ItemId) || kitIds.Contains(l.Item!.KitId ?? 0)))
                .Select(l => new { l.ItemId, l.Item!.KitId }).ToListAsync(ct);
            rows = [.. rows.Select(r => r with
            {
                Free = ReservationService.Bookable(r.Status) && !busy.Any(b => r.IsKit ? b.KitId == r.Id : b.ItemId == r.Id),
            })];
        }

        Results = new Paged<CatalogueEntry>(rows, number, size, kitCount + itemCount);
        return Page();
    }
}
