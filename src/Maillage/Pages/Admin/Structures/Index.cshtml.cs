using Maillage.Data;
using Maillage.Features.Structures;
using Maillage.Features.Territoires;
using Maillage.Pages.Admin.Territoires;
using Maillage.Shared.Scoping;
using Maillage.Shared.Security;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Structures;

public sealed class OrganizationRow
{
    public int Id { get; init; }
    public required string Name { get; init; }
    public OrganizationKind Kind { get; init; }
    public string? Siret { get; init; }
    public string? Rna { get; init; }
    public string? CommuneName { get; init; }
    public string? QuarterName { get; init; }
    public bool QuarterIsPriorityArea { get; init; }
    public bool IsActive { get; init; }
}

/// <summary>The structures the user sees: search, filters, sort and paging.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    public static readonly (string Value, string Label)[] SortOptions = [("nom", "Nom"), ("commune", "Commune"), ("type", "Type")];
    public static readonly (string Value, string Label)[] StatusOptions = [("", "Toutes"), ("actives", "Actives"), ("inactives", "Inactives")];

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public OrganizationKind? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "commune")]
    public string? CommuneCode { get; set; }

    [BindProperty(SupportsGet = true, Name = "statut")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "tri")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public Paged<OrganizationRow> Results { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public List<(string Code, string Name)> Communes { get; private set; } = [];
    public bool CanCreate { get; private set; }
    public bool HasFilters => !string.IsNullOrWhiteSpace(Query) || Kind is not null || !string.IsNullOrEmpty(CommuneCode) || !string.IsNullOrEmpty(Status);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        CanCreate = scope.CanManageUsers;
        Sort = SortOptions.Any(o => o.Value == Sort) ? Sort : "nom";
        Status = StatusOptions.Any(o => o.Value == Status) ? Status : "";

        var visible = scope.Organizations(db.Organizations.AsNoTracking());
        var communes = await visible.Where(o => o.Commune != null).Select(o => new { o.Commune!.Code, o.Commune.Name }).Distinct().ToListAsync(ct);
        Communes = [.. communes.OrderBy(c => c.Name, StringComparer.Create(TerritoryTrail.French, true)).Select(c => (c.Code, c.Name))];

        var query = visible;
        if (!string.IsNullOrWhiteSpace(Query))
        {
            var term = Query.Trim();
            var identifier = FrenchIdentifiers.Normalize(term);
            if (identifier.Length >= 9 && identifier.All(char.IsAsciiDigit))
            {
                query = query.Where(o => o.Siret != null && o.Siret.StartsWith(identifier));
            }
            else if (identifier.Length >= 4 && identifier[0] == 'W' && identifier[1..].All(char.IsAsciiDigit))
            {
                query = query.Where(o => o.Rna != null && o.Rna.StartsWith(identifier));
            }
            else
            {
                // Accents and case ignored: a broad LIKE in the database, then the exact comparison in memory.
                var like = NameSearch.LikePattern(term);
                var candidates = await query.Where(o => EF.Functions.Like(o.Name.ToLower(), like)).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
                var ids = candidates.Where(c => NameSearch.Matches(c.Name, term)).Select(c => c.Id).ToList();
                query = query.Where(o => ids.Contains(o.Id));
            }
        }

        if (Kind is not null)
        {
            query = query.Where(o => o.Kind == Kind);
        }

        if (!string.IsNullOrEmpty(CommuneCode))
        {
            query = query.Where(o => o.Commune != null && o.Commune.Code == CommuneCode);
        }

        query = Status switch
        {
            "actives" => query.Where(o => o.IsActive),
            "inactives" => query.Where(o => !o.IsActive),
            _ => query,
        };

        var ordered = Sort switch
        {
            "commune" => query.OrderBy(o => o.Commune!.Name).ThenBy(o => o.Name),
            "type" => query.OrderBy(o => o.Kind).ThenBy(o => o.Name),
            _ => query.OrderBy(o => o.Name),
        };


        var total = await query.CountAsync(ct);
        var (page, size) = Paging.Normalize(PageNumber, Paging.DefaultPageSize);
        page = Math.Min(page, Math.Max(1, (total + size - 1) / size));
        var items = await ordered.ThenBy(o => o.Id).Skip((page - 1) * size).Take(size).Select(o => new OrganizationRow
        {
            Id = o.Id,
            Name = o.Name,
            Kind = o.Kind,
            Siret = o.Siret,
            Rna = o.Rna,
            CommuneName = o.Commune != null ? o.Commune.Name : null,
            QuarterName = o.Territory!.Kind == TerritoryKind.Quartier ? o.Territory.Name : null,
            QuarterIsPriorityArea = o.Territory.Kind == TerritoryKind.Quartier && o.Territory.IsPriorityArea,
            IsActive = o.IsActive,
        }).ToListAsync(ct);
        Results = new Paged<OrganizationRow>(items, page, size, total);
    }
}
