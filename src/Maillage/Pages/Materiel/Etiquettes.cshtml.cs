using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel;

public sealed record LabelItem(string AssetTag, string Category, string Model, string Url, string Svg);

/// <summary>
/// /materiel/etiquettes: A4 sheets of QR labels for the items chosen by the list's filters (retired ones left out), in a common
/// label layout, starting at any position of a partly used sheet. The QR code opens /materiel/t/{tag}.
/// </summary>
public sealed class EtiquettesModel(AppDbContext db, ScopeAccessor scopes, IConfiguration configuration) : PageModel
{
    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    [FromQuery(Name = "categorie")]
    public int? CategoryId { get; set; }

    [FromQuery(Name = "kit")]
    public int? KitId { get; set; }

    [FromQuery(Name = "format")]
    public string? Format { get; set; }

    /// <summary>The first free position of the sheet, from 1 (labels already used are skipped).</summary>
    [FromQuery(Name = "debut")]
    public int? Start { get; set; }

    public LabelLayout Layout { get; private set; } = Labels.Layouts[0];
    public int Skip { get; private set; }
    public List<LabelItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    public List<ItemCategory> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasFleet)
        {
            return Forbid();
        }

        Layout = Labels.Layout(Format);
        Format = Layout.Code;
        Skip = Math.Clamp((Start ?? 1) - 1, 0, Layout.PerSheet - 1);
        Start = Skip + 1;
        Categories = await db.ItemCategories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct);
        var query = FleetSearch.Filter(access.Items(db.Items.AsNoTracking()), Query, CategoryId, null, KitId).Where(i => i.Status != ItemStatus.Retired);
        Total = await query.CountAsync(ct);
        var baseUrl = Request.PublicBaseUrl(configuration);
        var rows = await query.OrderBy(i => i.AssetTag).Take(Labels.MaxLabels).Select(i => new { i.AssetTag, Category = i.Category!.Name, i.Model }).ToListAsync(ct);
        Items = [.. rows.Select(r => new LabelItem(r.AssetTag, r.Category, r.Model, Labels.Url(baseUrl, r.AssetTag), Labels.QrSvg(Labels.Url(baseUrl, r.AssetTag))))];
        return Page();
    }
}
