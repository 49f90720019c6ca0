using System.ComponentModel.DataAnnotations;
using Maillage.Data;
using Maillage.Features.Territoires;
using Maillage.Shared.Scoping;
using Maillage.Shared.Security;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Structures;

/// <summary>What a user types to create or edit an organization, shared by the pages and the API.</summary>
public sealed class OrganizationInput
{
    [Required(ErrorMessage = "Le nom est obligatoire.")]
    [StringLength(200, MinimumLength = 2, ErrorMessage = "Le nom doit comporter entre 2 et 200 caractères.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Choisissez le type de structure.")]
    public OrganizationKind? Kind { get; set; }

    /// <summary>14 digits; SIRET or RNA is required, except for public bodies without one.</summary>
    public string? Siret { get; set; }

    /// <summary>Associations: W followed by 9 characters.</summary>
    public string? Rna { get; set; }

    [StringLength(300, ErrorMessage = "L'adresse ne doit pas dépasser 300 caractères.")]
    public string? Address { get; set; }

    [RegularExpression("^[0-9]{5}$", ErrorMessage = "Le code postal doit comporter 5 chiffres.")]
    public string? PostalCode { get; set; }

    /// <summary>INSEE code of the commune.</summary>
    [Required(ErrorMessage = "Indiquez la commune (code INSEE).")]
    [RegularExpression("^[0-9][0-9AB][0-9]{3}$", ErrorMessage = "Le code INSEE de la commune doit comporter 5 caractères (par exemple 42218).")]
    public string? CommuneCode { get; set; }

    /// <summary>Optional quartier of that commune (territory id).</summary>
    public int? QuarterId { get; set; }

    /// <summary>Concurrency token read with the record; required to update.</summary>
    public uint? Version { get; set; }
}

public static class OrganizationRules
{
    /// <summary>Rules that need the database or several fields. Returns errors keyed by property name, and the resolved commune and territory.</summary>
    public static async Task<(Dictionary<string, string[]> Errors, Territory? Commune, Territory? Territory)> CheckAsync(
        AppDbContext db, OrganizationInput input, UserScope scope, int? existingId, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = errors.TryGetValue(field, out var e) ? [.. e, message] : [message];

        input.Siret = string.IsNullOrWhiteSpace(input.Siret) ? null : FrenchIdentifiers.Normalize(input.Siret);
        input.Rna = string.IsNullOrWhiteSpace(input.Rna) ? null : FrenchIdentifiers.Normalize(input.Rna);
        input.Name = input.Name?.Trim();

        if (input.Siret is not null && FrenchIdentifiers.SiretError(input.Siret) is { } siretError)
        {
            Add(nameof(input.Siret), siretError);
        }

        if (input.Rna is not null && FrenchIdentifiers.RnaError(input.Rna) is { } rnaError)
        {
            Add(nameof(input.Rna), rnaError);
        }

        if (input.Siret is null && input.Rna is null && input.Kind is OrganizationKind.Association or OrganizationKind.Entreprise)
        {
            Add(nameof(input.Siret), "Indiquez le SIRET ou, pour une association, le numéro RNA.");
        }

        if (input.Siret is not null && !errors.ContainsKey(nameof(input.Siret))
            && await db.Organizations.AnyAsync(o => o.Siret == input.Siret && o.Id != existingId, ct))
        {
            Add(nameof(input.Siret), "Une structure avec ce SIRET existe déjà.");
        }

        if (input.Rna is not null && !errors.ContainsKey(nameof(input.Rna))
            && await db.Organizations.AnyAsync(o => o.Rna == input.Rna && o.Id != existingId, ct))
        {
            Add(nameof(input.Rna), "Une structure avec ce numéro RNA existe déjà.");
        }

        Territory? commune = null, territory = null;
        if (!string.IsNullOrWhiteSpace(input.CommuneCode))
        {
            commune = await db.Territories.FirstOrDefaultAsync(t => t.Kind == TerritoryKind.Commune && t.Code == input.CommuneCode, ct);
            if (commune is null)
            {
                Add(nameof(input.CommuneCode), $"La commune {input.CommuneCode} ne fait pas partie des territoires de cette instance.");
            }
            else if (input.PostalCode is not null && commune.PostalCodes is not null && !commune.PostalCodes.Split(',').Contains(input.PostalCode))
            {
                Add(nameof(input.PostalCode), $"Le code postal {input.PostalCode} ne correspond pas à {commune.Name} ({commune.PostalCodes.Replace(",", ", ")}).");
            }
        }

        territory = commune;
        if (input.QuarterId is not null && commune is not null)
        {
            territory = await db.Territories.FirstOrDefaultAsync(t => t.Id == input.QuarterId && t.Kind == TerritoryKind.Quartier && t.ParentId == commune.Id, ct);
            if (territory is null)
            {
                Add(nameof(input.QuarterId), $"Ce quartier n'appartient pas à {commune.Name}.");
            }
        }

        if (territory is not null && !scope.ManagesTerritoryPath(territory.Path))
        {
            Add(nameof(input.CommuneCode), "Cette commune est hors de votre périmètre : vous ne pouvez pas y rattacher une structure.");
        }

        return (errors, commune, territory);
    }

    public static void Apply(Organization org, OrganizationInput input, Territory commune, Territory territory)
    {
        org.Name = input.Name!;
        org.Kind = input.Kind!.Value;
        org.Siret = input.Siret;
        org.Rna = input.Rna;
        org.Address = string.IsNullOrWhiteSpace(input.Address) ? null : input.Address.Trim();
        org.PostalCode = input.PostalCode;
        org.CommuneId = commune.Id;
        org.TerritoryId = territory.Id;
    }
}
