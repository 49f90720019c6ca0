using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Beneficiaires;

/// <summary>One line of the list: the name, the year, the commune, the last accompaniment.</summary>
public sealed record BeneficiaryRow(long Id, string? FirstName, string? LastName, int? BirthYear, string? CommuneCode, DateOnly? LastActivityOn, string Organization);

/// <summary>/beneficiaires: the named files of the user's organizations, searched without regard to accents or case.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    public static readonly IReadOnlyList<(string Value, string Label)> SortOptions =
    [
        ("nom", "Nom"),
        ("activite", "Dernier accompagnement"),
        ("recent", "Fiches les plus récentes"),
    ];

    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    [FromQuery(Name = "tri")]
    public string? Sort { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public Paged<BeneficiaryRow> Results { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public bool SeveralOrganizations { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.CanOpenBeneficiaries)
        {
            return NotFound();
        }

        SeveralOrganizations = access.BeneficiaryOrganizationIds.Count > 1;
        Sort = SortOptions.Any(o => o.Value == Sort) ? Sort : "nom";
        var (page, size) = Paging.Normalize(PageNumber, null);
        var files = access.Beneficiaries(db.Beneficiaries.AsNoTracking());
        var query = BeneficiarySearch.Matching(files, Query);
        var total = await query.CountAsync(ct);
        IOrderedQueryable<Beneficiary> ordered = Sort switch
        {
            "activite" => query.OrderByDescending(b => b.LastActivityOn).ThenByDescending(b => b.Id),
            "recent" => query.OrderByDescending(b => b.Id),
            _ => query.OrderBy(b => b.LastName).ThenBy(b => b.FirstName).ThenBy(b => b.Id),
        };
        var rows = await ordered.Skip((page - 1) * size).Take(size)
            .Select(b => new BeneficiaryRow(b.Id, b.FirstName, b.LastName, b.BirthYear, b.CommuneCode, b.LastActivityOn, b.Organization!.Name))
            .ToListAsync(ct);
        Results = new Paged<BeneficiaryRow>(rows, page, size, total);
        return Page();
    }
}
