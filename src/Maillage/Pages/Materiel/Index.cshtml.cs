using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel;

public sealed record ItemRow(int Id, string AssetTag, string Category, string Model, string? SerialNumber, ItemStatus Status, string? Place, string? Kit);

/// <summary>/materiel: the fleet the user manages, searched by tag, model or serial number, filtered, sorted and paged.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    public static readonly IReadOnlyList<(string Value, string Label)> SortOptions =
    [
        ("etiquette", "Étiquette"),
        ("modele", "Modèle"),
        ("statut", "Statut"),
        ("recent", "Ajouts récents"),
    ];

    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    [FromQuery(Name = "categorie")]
    public int? CategoryId { get; set; }

    [FromQuery(Name = "statut")]
    public ItemStatus? Status { get; set; }

    [FromQuery(Name = "kit")]
    public int? KitId { get; set; }

    [FromQuery(Name = "tri")]
    public string? Sort { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public Paged<ItemRow> Results { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public List<ItemCategory> Categories { get; private set; } = [];
    public List<(int Id, string Name)> Kits { get; private set; } = [];

    /// <summary>Counts by status over the whole fleet of the user, for the summary line.</summary>
    public Dictionary<ItemStatus, int> ByStatus { get; private set; } = [];

    public bool Filtered => !string.IsNullOrWhiteSpace(Query) || CategoryId is not null || Status is not null || KitId is not null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasFleet)
        {
            return Forbid();
        }

        Categories = await db.ItemCategories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct);
        Kits = (await access.Kits(db.Kits.AsNoTracking()).OrderBy(k => k.Name).Select(k => new { k.Id, k.Name }).ToListAsync(ct)).Select(k => (k.Id, k.Name)).ToList();
        var fleet = access.Items(db.Items.AsNoTracking());
        ByStatus = await fleet.GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        var query = FleetSearch.Filter(fleet, Query, CategoryId, Status, KitId);
        Sort = SortOptions.Any(o => o.Value == Sort) ? Sort : "etiquette";
        var (page, size) = Paging.Normalize(PageNumber, null);
        var total = await query.CountAsync(ct);
        IOrderedQueryable<Item> ordered = Sort switch
        {
            "modele" => query.OrderBy(i => i.Model).ThenBy(i => i.AssetTag),
            "statut" => query.OrderBy(i => i.Status).ThenBy(i => i.AssetTag),
            "recent" => query.OrderByDescending(i => i.Id),
            _ => query.OrderBy(i => i.AssetTag),
        };
        var rows = await ordered.Skip((page - 1) * size).Take(size)
            .Select(i => new ItemRow(i.Id, i.AssetTag, i.Category!.Name, i.Model, i.SerialNumber, i.Status, i.HomePlace!.Name, i.Kit!.Name))
            .ToListAsync(ct);
        Results = new Paged<ItemRow>(rows, page, size, total);
        return Page();
    }
}
