using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Features.Structures;
using Maillage.Pages.Admin.Territoires;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Structures;

public sealed class OrganizationDetails
{
    public int Id { get; init; }
    public required string Name { get; init; }
    public OrganizationKind Kind { get; init; }
    public string? Siret { get; init; }
    public string? Rna { get; init; }
    public string? Address { get; init; }
    public string? PostalCode { get; init; }
    public string? CommuneName { get; init; }
    public string? CommuneCode { get; init; }
    public required string TerritoryPath { get; init; }
    public bool IsActive { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public uint Version { get; init; }
}

public sealed record PersonRow(string DisplayName, Role Role, bool IsActive);

/// <summary>One structure: its fields, its territory, the people holding a role on it, and the actions.</summary>
public sealed class DetailsModel(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    public OrganizationDetails Organization { get; private set; } = null!;
    public List<TrailItem> Trail { get; private set; } = [];
    public List<PersonRow>? People { get; private set; }
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var org = await Load(scope.Organizations(db.Organizations.AsNoTracking()).Where(o => o.Id == id)).FirstOrDefaultAsync(ct);
        if (org is null)
        {
            // Outside the user's scope: not found, so that its existence is not revealed.
            return NotFound();
        }

        Organization = org;
        CanEdit = scope.ManagesTerritoryPath(org.TerritoryPath);
        Trail = await TerritoryTrail.AncestorsAsync(db, org.TerritoryPath, includeSelf: true, ct);

        // People are shown only to those who may see people (never through a Lecteur grant, which gives aggregates only).
        if (scope.Has(Role.Administrateur, Role.Coordinateur))
        {
            var visibleUsers = scope.Users(db.Users.AsNoTracking());
            People = await db.Grants.AsNoTracking()
                .Where(g => g.OrganizationId == id)
                .Join(visibleUsers, g => g.UserId, u => u.Id, (g, u) => new { u.DisplayName, g.Role, u.IsActive })
                .OrderBy(p => p.DisplayName).ThenBy(p => p.Role)
                .Select(p => new PersonRow(p.DisplayName, p.Role, p.IsActive))
                .ToListAsync(ct);
        }

        return Page();
    }

    public static IQueryable<OrganizationDetails> Load(IQueryable<Organization> query) => query.Select(o => new OrganizationDetails
    {
        Id = o.Id,
        Name = o.Name,
        Kind = o.Kind,
        Siret = o.Siret,
        Rna = o.Rna,
        Address = o.Address,
        PostalCode = o.PostalCode,
        CommuneName = o.Commune != null ? o.Commune.Name : null,
        CommuneCode = o.Commune != null ? o.Commune.Code : null,
        TerritoryPath = o.Territory!.Path,
        IsActive = o.IsActive,
        CreatedAt = o.CreatedAt,
        Version = o.Version,
    });

    public static string FormatDate(DateTimeOffset value)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Paris", out var paris) ? paris : TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTime(value, zone).ToString("d MMMM yyyy", TerritoryTrail.French);
    }
}
