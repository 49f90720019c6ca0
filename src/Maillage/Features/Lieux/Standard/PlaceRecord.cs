namespace Maillage.Features.Lieux.Standard;

/// <summary>
/// One place in the national "lieux de médiation numérique" schema v1.0.x (32 fields).
/// Multi-valued fields hold codes (see <see cref="PlaceVocabulary"/>); the schema names are mapped in <see cref="PlaceFields"/>.
/// </summary>
public sealed record PlaceRecord
{
    public string Id { get; init; } = "";
    public string Pivot { get; init; } = "";
    public string Name { get; init; } = "";
    public string Commune { get; init; } = "";
    public string PostalCode { get; init; } = "";
    public string? InseeCode { get; init; }
    public string Address { get; init; } = "";
    public string? AddressComplement { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public IReadOnlyList<string> Typology { get; init; } = [];
    public string? Phone { get; init; }
    public IReadOnlyList<string> Emails { get; init; } = [];
    public IReadOnlyList<string> Websites { get; init; } = [];
    public string? OpeningHours { get; init; }
    public string? Summary { get; init; }
    public string? Description { get; init; }
    public string? Source { get; init; }
    public IReadOnlyList<string> Itinerance { get; init; } = [];
    public string? ParentOrganization { get; init; }

    /// <summary>date_maj; <see cref="DateOnly.MinValue"/> means missing.</summary>
    public DateOnly UpdatedOn { get; init; }

    public IReadOnlyList<string> Services { get; init; } = [];
    public IReadOnlyList<string> SpecificPublics { get; init; } = [];
    public IReadOnlyList<string> SpecificSupport { get; init; } = [];
    public IReadOnlyList<string> Fees { get; init; } = [];
    public IReadOnlyList<string> NationalPrograms { get; init; } = [];
    public IReadOnlyList<string> TrainingsAndLabels { get; init; } = [];
    public string? OtherTrainingsAndLabels { get; init; }
    public IReadOnlyList<string> AccessModes { get; init; } = [];
    public IReadOnlyList<string> SupportModes { get; init; } = [];

    /// <summary>fiche_acces_libre: the place's acceslibre page.</summary>
    public string? AccessibilityUrl { get; init; }

    /// <summary>prise_rdv: online booking page.</summary>
    public string? BookingUrl { get; init; }
}
