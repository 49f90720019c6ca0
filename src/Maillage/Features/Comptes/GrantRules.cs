using System.ComponentModel.DataAnnotations;
using Maillage.Data;
using Maillage.Shared.Scoping;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Comptes;

/// <summary>A role and where it applies, as typed in the invitation and grant forms.</summary>
public class GrantInput
{
    [Required(ErrorMessage = "Choisissez un rôle.")]
    [Display(Name = "Rôle")]
    public Role? Role { get; set; }

    /// <summary>Code of the territory node (Coordinateur, Lecteur): département, EPCI SIREN, commune INSEE or quartier code.</summary>
    [StringLength(32, ErrorMessage = "Le code du territoire ne dépasse pas 32 caractères.")]
    [Display(Name = "Territoire")]
    public string? TerritoryCode { get; set; }

    /// <summary>Organization (Conseiller, Structure).</summary>
    [Display(Name = "Structure")]
    public int? OrganizationId { get; set; }
}

public static class GrantRules
{
    /// <summary>Checks that the caller may give this role on this node or organization; errors are keyed by property name.</summary>
    public static async Task<(int? TerritoryId, int? OrganizationId, Dictionary<string, string> Errors)> ResolveAsync(AppDbContext db, UserScope scope, GrantInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        if (input.Role is not { } role)
        {
            errors[nameof(GrantInput.Role)] = "Choisissez un rôle.";
            return (null, null, errors);
        }

        if (role == Role.Administrateur)
        {
            if (!scope.IsAdministrator)
            {
                errors[nameof(GrantInput.Role)] = "Seul un administrateur peut donner le rôle Administrateur.";
            }

            return (null, null, errors);
        }

        if (Roles.IsOrganizationRole(role))
        {
            if (input.OrganizationId is null)
            {
                errors[nameof(GrantInput.OrganizationId)] = $"Le rôle {Roles.Label(role)} se rattache à une structure : choisissez-la.";
                return (null, null, errors);
            }

            var org = await db.Organizations.AsNoTracking().Where(o => o.Id == input.OrganizationId).Select(o => new { o.Id, o.Territory!.Path }).FirstOrDefaultAsync(ct);
            if (org is null || !scope.ManagesTerritoryPath(org.Path))
            {
                errors[nameof(GrantInput.OrganizationId)] = "Cette structure n'existe pas ou est hors de votre périmètre.";
                return (null, null, errors);
            }

            return (null, org.Id, errors);
        }

        var code = input.TerritoryCode?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            errors[nameof(GrantInput.TerritoryCode)] = $"Le rôle {Roles.Label(role)} se rattache à un territoire : indiquez son code (par exemple 42218 pour Saint-Étienne).";
            return (null, null, errors);
        }

        var nodes = await db.Territories.AsNoTracking().Where(t => t.Code == code).Select(t => new { t.Id, t.Path }).Take(2).ToListAsync(ct);
        if (nodes.Count != 1 || !scope.ManagesTerritoryPath(nodes[0].Path))
        {
            errors[nameof(GrantInput.TerritoryCode)] = nodes.Count == 0
                ? $"Aucun territoire de code « {code} »."
                : nodes.Count > 1 ? $"Le code « {code} » est ambigu." : "Ce territoire est hors de votre périmètre.";
            return (null, null, errors);
        }

        return (nodes[0].Id, null, errors);
    }
}

/// <summary>Choices offered by the grant forms, limited to what the caller manages.</summary>
public sealed record GrantChoices(IReadOnlyList<Role> Roles, IReadOnlyList<(string Code, string Label)> Territories, IReadOnlyList<(int Id, string Name)> Organizations)
{
    public static async Task<GrantChoices> LoadAsync(AppDbContext db, UserScope scope, CancellationToken ct = default)
    {
        var roles = scope.IsAdministrator ? Features.Comptes.Roles.All : Features.Comptes.Roles.All.Where(r => r != Role.Administrateur).ToArray();
        var territories = scope.ManagedTerritories(db.Territories.AsNoTracking());

        // Départements, EPCI and quartiers first: at national scale communes alone are 35 000, too many for a list.
        var nodes = await territories.OrderBy(t => t.Kind).ThenBy(t => t.Name).Take(1500)
            .Select(t => new { t.Code, t.Name, t.Kind }).ToListAsync(ct);
        var orgs = await scope.ManagedOrganizations(db.Organizations.AsNoTracking()).Where(o => o.IsActive).OrderBy(o => o.Name).Take(1500)
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        return new GrantChoices(
            roles,
            nodes.Select(n => (n.Code, $"{n.Name} ({Territoires.Territory.KindLabel(n.Kind)} {n.Code})")).ToList(),
            orgs.Select(o => (o.Id, o.Name)).ToList());
    }
}
