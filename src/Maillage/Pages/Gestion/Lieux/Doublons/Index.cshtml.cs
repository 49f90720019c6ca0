using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Doublons;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Gestion.Lieux.Doublons;

/// <summary>One row of the list: a probable pair, both places described.</summary>
public sealed record DuplicateRow(PlaceSketch First, string FirstSource, PlaceSketch Second, string SecondSource, DuplicateMatch Match);

/// <summary>Probable duplicates among the places the user manages (both places of a pair must be manageable), best first.
/// Computed on demand: the detector compares places commune by commune.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    public static readonly IReadOnlyList<(string Value, string Label)> SortOptions =
    [
        ("score", "Ressemblance (la plus forte d'abord)"),
        ("commune", "Commune"),
    ];

    [BindProperty(SupportsGet = true, Name = "tri")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public bool CanImport { get; private set; }

    public Paged<DuplicateRow> Results { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Sort = SortOptions.Any(o => o.Value == Sort) ? Sort : "score";
        var scope = await scopes.GetAsync(ct);
        CanImport = scope.Has(Role.Administrateur, Role.Coordinateur);
        var places = await scope.ManagedPlaces(db.Places).AsNoTracking().Where(p => p.MergedIntoId == null)
            .Select(p => new { Sketch = new PlaceSketch(p.Id, p.Name, p.CommuneName, p.InseeCode, p.PostalCode, p.Address, p.Latitude, p.Longitude), p.ImportSource })
            .ToListAsync(ct);
        var byId = places.ToDictionary(p => p.Sketch.Id);
        var pairs = PlaceDuplicateDetector.FindAll(places.Select(p => p.Sketch), await PlaceDuplicateDetector.DismissedAsync(db, ct));
        IEnumerable<DuplicatePair> ordered = Sort == "commune"
            ? pairs.OrderBy(p => byId[p.FirstId].Sketch.CommuneName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), true))
                .ThenByDescending(p => p.Match.Score)
            : pairs;
        var (page, size) = Paging.Normalize(PageNumber, Paging.DefaultPageSize);
        var rows = ordered.Skip((page - 1) * size).Take(size)
            .Select(p => new DuplicateRow(byId[p.FirstId].Sketch, byId[p.FirstId].ImportSource, byId[p.SecondId].Sketch, byId[p.SecondId].ImportSource, p.Match))
            .ToList();
        Results = new Paged<DuplicateRow>(rows, page, size, pairs.Count);
    }

    public static string SourceLabel(string source) => source == Place.OwnSource ? "créé dans Maillage" : "source " + source;
}
