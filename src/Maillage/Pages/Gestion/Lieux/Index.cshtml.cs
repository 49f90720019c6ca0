using Maillage.Data;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Gestion;
using Maillage.Pages.Admin.Territoires;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Gestion.Lieux;

public sealed record PlaceRow(int Id, string Name, PlaceKind Kind, string? Theme, string CommuneName, string? QuarterName, bool IsPriorityArea,
    string? OrganizationName, bool IsPublished, DateTimeOffset ModifiedAt, int Score, IReadOnlyList<string> Missing);

/// <summary>/gestion/lieux: the places the user manages, with search, filters, sort and paging (merged tombstones left out).</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    /// <summary>Above this many rough matches, the accent-exact refinement in memory is skipped (the LIKE result is used).</summary>
    private const int RefineLimit = 5000;

    public static readonly IReadOnlyList<(string Value, string Label)> SortOptions =
    [
        ("nom", "Nom"),
        ("commune", "Commune"),
        ("modification", "Dernière modification"),
        ("completude", "Complétude (les moins complets d'abord)"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> PublishedOptions =
    [
        ("", "Publiés ou non"),
        ("oui", "Publiés (visibles du public)"),
        ("non", "Non publiés"),
    ];

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public PlaceKind? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "commune")]
    public string? CommuneCode { get; set; }

    [BindProperty(SupportsGet = true, Name = "structure")]
    public int? OrganizationId { get; set; }

    [BindProperty(SupportsGet = true, Name = "publie")]
    public string? Published { get; set; }

    [BindProperty(SupportsGet = true, Name = "incomplet")]
    public bool Incomplete { get; set; }

    [BindProperty(SupportsGet = true, Name = "sans-coordonnees")]
    public bool MissingCoordinates { get; set; }

    [BindProperty(SupportsGet = true, Name = "tri")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public Paged<PlaceRow> Results { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public IReadOnlyList<(string Code, string Name)> Communes { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Organizations { get; private set; } = [];

    /// <summary>Imports are for administrators and coordinators (a Structure edits its own places one by one).</summary>
    public bool CanImport { get; private set; }

    public bool HasFilters => !string.IsNullOrWhiteSpace(Query) || Kind is not null || !string.IsNullOrEmpty(CommuneCode) || OrganizationId is not null
        || !string.IsNullOrEmpty(Published) || Incomplete || MissingCoordinates;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        CanImport = scope.Has(Features.Comptes.Role.Administrateur, Features.Comptes.Role.Coordinateur);
        var managed = scope.ManagedPlaces(db.Places.AsNoTracking()).Where(p => p.MergedIntoId == null);

        Communes = [.. (await managed.Where(p => p.InseeCode != null).Select(p => new { Code = p.InseeCode!, Name = p.CommuneName }).Distinct().ToListAsync(ct))
            .GroupBy(c => c.Code).Select(g => (g.Key, g.First().Name)).OrderBy(c => c.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), true))];
        Organizations = [.. (await managed.Where(p => p.Organization != null).Select(p => new { p.Organization!.Id, p.Organization.Name }).Distinct().ToListAsync(ct))
            .OrderBy(o => o.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), true)).Select(o => (o.Id, o.Name))];

        Sort = SortOptions.Any(o => o.Value == Sort) ? Sort : "nom";
        Published = PublishedOptions.Any(o => o.Value == Published) ? Published : "";
        var query = managed;
        if (!string.IsNullOrWhiteSpace(Query))
        {
            // Case and accent tolerant on both providers: a broad LIKE in the database, then an exact comparison of the folded texts.
            var like = NameSearch.LikePattern(Query);
            var rough = query.Where(p => EF.Functions.Like(p.Name.ToLower(), like) || EF.Functions.Like(p.CommuneName.ToLower(), like)
                || EF.Functions.Like(p.Address.ToLower(), like) || (p.PostalCode != null && p.PostalCode.StartsWith(Query.Trim())));
            var candidates = await rough.Select(p => new { p.Id, p.Name, p.CommuneName, p.Address, p.PostalCode }).Take(RefineLimit + 1).ToListAsync(ct);
            if (candidates.Count <= RefineLimit)
            {
                var term = Query.Trim();
                var ids = candidates.Where(c => NameSearch.Matches(c.Name, term) || NameSearch.Matches(c.CommuneName, term)
                    || NameSearch.Matches(c.Address, term) || c.PostalCode.StartsWith(term, StringComparison.Ordinal)).Select(c => c.Id).ToList();
                query = query.Where(p => ids.Contains(p.Id));
            }
            else
            {
                query = rough;
            }
        }

        if (Kind is { } kind)
        {
            query = query.Where(p => p.Kind == kind);
        }

        if (!string.IsNullOrEmpty(CommuneCode))
        {
            query = query.Where(p => p.InseeCode == CommuneCode);
        }

        if (OrganizationId is { } orgId)
        {
            query = query.Where(p => p.OrganizationId == orgId);
        }

        if (Published == "oui")
        {
            query = query.Where(p => p.IsPublished);
        }
        else if (Published == "non")
        {
            query = query.Where(p => !p.IsPublished);
        }

        if (Incomplete)
        {
            query = query.Where(PlaceCompleteness.IsIncomplete);
        }

        if (MissingCoordinates)
        {
            query = query.Where(p => p.Latitude == null || p.Longitude == null);
        }

        var ordered = Sort switch
        {
            "commune" => query.OrderBy(p => p.CommuneName.ToLower()).ThenBy(p => p.Name.ToLower()),
            "modification" => query.OrderByDescending(p => p.ModifiedAt).ThenBy(p => p.Name.ToLower()),
            "completude" => query.OrderBy(PlaceCompleteness.Score).ThenBy(p => p.Name.ToLower()),
            _ => query.OrderBy(p => p.Name.ToLower()),
        };

        var (page, size) = Paging.Normalize(PageNumber, Paging.DefaultPageSize);
        var total = await query.CountAsync(ct);
        var places = await ordered.ThenBy(p => p.Id).Skip((page - 1) * size).Take(size)
            .Include(p => p.Organization).Include(p => p.Quarter).ToListAsync(ct);
        var rows = places.Select(p => new PlaceRow(p.Id, p.Name, p.Kind, p.Theme, p.CommuneName, p.Quarter?.Name, p.Quarter?.IsPriorityArea == true,
            p.Organization?.Name, p.IsPublished, p.ModifiedAt, PlaceCompleteness.ScoreOf(p), PlaceCompleteness.MissingOf(p))).ToList();
        Results = new Paged<PlaceRow>(rows, page, size, total);
    }
}
