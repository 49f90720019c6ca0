using Maillage.Features.Territoires;

namespace Maillage.Features.Structures;

public enum OrganizationKind
{
    Ville = 1,
    Intercommunalite = 2,
    Departement = 3,
    Ccas = 4,
    Association = 5,
    FranceServices = 6,
    Bibliotheque = 7,
    MaisonDesHabitants = 8,
    MissionLocale = 9,
    Etablissement = 10,
    Entreprise = 11,
    Autre = 99,
}

/// <summary>A structure: employer of advisors, partner association, owner of places.</summary>
public class Organization : IVersioned
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Siret { get; set; }
    public string? Rna { get; set; }
    public OrganizationKind Kind { get; set; }
    public string? Address { get; set; }
    public string? PostalCode { get; set; }

    /// <summary>The commune where it is located (a territory node of kind Commune).</summary>
    public int? CommuneId { get; set; }
    public Territory? Commune { get; set; }

    /// <summary>The territory node it belongs to for scoping (its commune, quartier or a wider node).</summary>
    public int TerritoryId { get; set; }
    public Territory? Territory { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public uint Version { get; set; }

    public static string KindLabel(OrganizationKind kind) => kind switch
    {
        OrganizationKind.Ville => "Ville",
        OrganizationKind.Intercommunalite => "Intercommunalité",
        OrganizationKind.Departement => "Département",
        OrganizationKind.Ccas => "CCAS",
        OrganizationKind.Association => "Association",
        OrganizationKind.FranceServices => "France Services",
        OrganizationKind.Bibliotheque => "Bibliothèque",
        OrganizationKind.MaisonDesHabitants => "Maison des habitants",
        OrganizationKind.MissionLocale => "Mission locale",
        OrganizationKind.Etablissement => "Établissement public",
        OrganizationKind.Entreprise => "Entreprise",
        _ => "Autre",
    };
}
