using Maillage.Data;
using Maillage.Features.Territoires;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Territoires;

public sealed class TerritoryRow
{
    public int Id { get; init; }
    public TerritoryKind Kind { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Path { get; init; }
    public int? Population { get; init; }
    public string? PostalCodes { get; init; }
    public bool IsPriorityArea { get; init; }
    public int ChildCount { get; init; }
}

/// <summary>Browses the territory tree one level at a time (?parent=ID), or searches it by name, code or postal code.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    public const string CliHint = "maillage import-territories --departements 42,93";

    [BindProperty(SupportsGet = true, Name = "parent")]
    public int? ParentId { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public TerritoryKind? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "qpv")]
    public bool OnlyPriorityAreas { get; set; }

    [BindProperty(SupportsGet = true, Name = "tri")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public TerritoryRow? Parent { get; private set; }
    public List<TrailItem> Trail { get; private set; } = [];
    public Paged<TerritoryRow> Results { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    /// <summary>For search results: the names of the places above each row ("Loire › Saint-Étienne Métropole").</summary>
    public Dictionary<int, string> Locations { get; } = [];
    public bool IsSearch => !string.IsNullOrWhiteSpace(Query) || Kind is not null || OnlyPriorityAreas;
    public bool TreeIsEmpty { get; private set; }
    public UserScope Scope { get; private set; } = UserScope.Nobody;

    public static readonly (string Value, string Label)[] SortOptions = [("nom", "Nom"), ("population", "Population (décroissante)"), ("code", "Code")];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Scope = await scopes.GetAsync(ct);
        Sort = SortOptions.Any(o => o.Value == Sort) ? Sort : "nom";
        var territories = db.Territories.AsNoTracking();

        if (ParentId is not null)
        {
            Parent = await Project(territories.Where(t => t.Id == ParentId)).FirstOrDefaultAsync(ct);
            if (Parent is null)
            {
                return NotFound();
            }

            Trail = await TerritoryTrail.AncestorsAsync(db, Parent.Path, includeSelf: false, ct);
        }

        IQueryable<Territory> query;
        if (IsSearch)
        {
            query = territories;
            if (Parent is not null)
            {
                var prefix = Parent.Path;
                var parentId = Parent.Id;
                query = query.Where(t => t.Path.StartsWith(prefix) && t.Id != parentId);
            }

            if (!string.IsNullOrWhiteSpace(Query))
            {
                var term = Query.Trim();
                if (term.All(char.IsAsciiDigit))
                {
                    query = query.Where(t => t.Code.StartsWith(term) || (t.PostalCodes != null && t.PostalCodes.Contains(term)));
                }
                else
                {
                    var like = NameSearch.LikePattern(term);
                    var upper = term.ToUpperInvariant();
                    var candidates = await query.Where(t => EF.Functions.Like(t.Name.ToLower(), like) || t.Code == upper)
                        .Select(t => new { t.Id, t.Name, t.Code }).ToListAsync(ct);
                    var ids = candidates.Where(c => c.Code == upper || NameSearch.Matches(c.Name, term)).Select(c => c.Id).ToList();
                    query = query.Where(t => ids.Contains(t.Id));
                }
            }

            if (Kind is not null)
            {
                query = query.Where(t => t.Kind == Kind);
            }

            if (OnlyPriorityAreas)
            {
                query = query.Where(t => t.IsPriorityArea);
            }
        }
        else
        {
            query = territories.Where(t => t.ParentId == ParentId);
        }

        var total = await query.CountAsync(ct);
        var (page, size) = Paging.Normalize(PageNumber, Paging.DefaultPageSize);
        page = Math.Min(page, Math.Max(1, (total + size - 1) / size));

        var projected = Project(query);
        IOrderedQueryable<TerritoryRow> ordered = Sort switch
        {
            "population" => projected.OrderByDescending(t => t.Population).ThenBy(t => t.Name),
            "code" => projected.OrderBy(t => t.Code),
            _ => projected.OrderBy(t => t.Kind).ThenBy(t => t.Name),
        };
        var items = await ordered.ThenBy(t => t.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        Results = new Paged<TerritoryRow>(items, page, size, total);

        if (IsSearch && items.Count > 0)
        {
            var names = await TerritoryTrail.LoadAsync(db, items.SelectMany(i => TerritoryTrail.AncestorPaths(i.Path)), ct);
            foreach (var item in items)
            {
                Locations[item.Id] = string.Join(" › ", TerritoryTrail.AncestorPaths(item.Path).Where(names.ContainsKey).Select(p => names[p].Name));
            }
        }

        TreeIsEmpty = ParentId is null && !IsSearch && total == 0;
        return Page();
    }

    /// <summary>Rows with their population; a département or EPCI shows the sum of its communes'.</summary>
    private IQueryable<TerritoryRow> Project(IQueryable<Territory> query) => query.Select(t => new TerritoryRow
    {
        Id = t.Id,
        Kind = t.Kind,
        Code = t.Code,
        Name = t.Name,
        Path = t.Path,
        Population = t.Kind == TerritoryKind.Departement || t.Kind == TerritoryKind.Epci
            ? db.Territories.Where(c => c.Kind == TerritoryKind.Commune && c.Path.StartsWith(t.Path)).Sum(c => c.Population)
            : t.Population,
        PostalCodes = t.PostalCodes,
        IsPriorityArea = t.IsPriorityArea,
        ChildCount = db.Territories.Count(c => c.ParentId == t.Id),
    });

    public bool CanManage(TerritoryRow row) => Scope.ManagesTerritoryPath(row.Path);
}
