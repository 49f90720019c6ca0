namespace Maillage.Features.Territoires;

public enum TerritoryKind
{
    Departement = 1,
    Epci = 2,
    Commune = 3,
    Quartier = 4,
}

/// <summary>A node of the territory tree: département → EPT/EPCI → commune → quartier.</summary>
public class Territory : IVersioned
{
    public int Id { get; set; }
    public TerritoryKind Kind { get; set; }

    /// <summary>INSEE code for départements and communes, SIREN for EPCI/EPT, generated for quartiers.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int? ParentId { get; set; }
    public Territory? Parent { get; set; }

    /// <summary>Materialized path of codes ("/D42/E244200770/C42218/"): subtree queries are one LIKE.</summary>
    public required string Path { get; set; }

    /// <summary>Quartier prioritaire de la politique de la ville.</summary>
    public bool IsPriorityArea { get; set; }
    public int? Population { get; set; }

    /// <summary>Postal codes of a commune, comma separated.</summary>
    public string? PostalCodes { get; set; }
    public uint Version { get; set; }

    public static string Segment(TerritoryKind kind, string code) => kind switch
    {
        TerritoryKind.Departement => "D" + code,
        TerritoryKind.Epci => "E" + code,
        TerritoryKind.Commune => "C" + code,
        _ => "Q" + code,
    };

    public static string KindLabel(TerritoryKind kind) => kind switch
    {
        TerritoryKind.Departement => "Département",
        TerritoryKind.Epci => "EPT / EPCI",
        TerritoryKind.Commune => "Commune",
        _ => "Quartier",
    };
}
