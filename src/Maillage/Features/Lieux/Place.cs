using Maillage.Features.Lieux.Standard;
using Maillage.Features.Structures;
using Maillage.Features.Territoires;
using Maillage.Shared.OpeningHours;

namespace Maillage.Features.Lieux;

/// <summary>Our typology of places, beside the national schema's "typologie".</summary>
public enum PlaceKind
{
    EpnQuartier = 1,
    EpnThematique = 2,
    EpnQuartierEtThematique = 3,
    FranceServices = 4,
    Bibliotheque = 5,
    MaisonDesHabitants = 6,
    Ccas = 7,
    Association = 8,
    Itinerant = 9,
    Autre = 99,
}

/// <summary>
/// A lieu de médiation numérique: every field of the national schema v1.0.x, plus ours (kind, owner, territory, publication).
/// Multi-valued schema fields are stored as their codes between pipes ("|a|b|"), so that "has code x" is one
/// provider-independent <c>LIKE '%|x|%'</c>; <see cref="Codes"/> converts both ways.
/// </summary>
public class Place : IVersioned
{
    public int Id { get; set; }

    /// <summary>The dataset a record was imported from (<see cref="OwnSource"/> for places created here) and its id
    /// there: (ImportSource, SourceId) is the upsert key of imports.</summary>
    public required string ImportSource { get; set; }
    public required string SourceId { get; set; }

    public const string OwnSource = "maillage";

    public required string Name { get; set; }
    public required string Pivot { get; set; }
    public required string CommuneName { get; set; }
    public required string PostalCode { get; set; }
    public string? InseeCode { get; set; }
    public required string Address { get; set; }
    public string? AddressComplement { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    /// <summary>Where the coordinates come from (<see cref="Geocoding.CoordinatesSources"/>); "manuel" is never overwritten by geocoding.</summary>
    public string? CoordinatesSource { get; set; }
    public string? Typology { get; set; }
    public string? Phone { get; set; }
    public string? Emails { get; set; }
    public string? Websites { get; set; }

    /// <summary>OSM opening_hours syntax, parsed by <see cref="OpeningHoursParser"/>.</summary>
    public string? OpeningHours { get; set; }
    public string? Summary { get; set; }
    public string? Description { get; set; }

    /// <summary>The schema's "source": who produced the data.</summary>
    public string? Source { get; set; }
    public string? Itinerance { get; set; }
    public string? ParentOrganization { get; set; }
    public DateOnly UpdatedOn { get; set; }
    public string? Services { get; set; }
    public string? SpecificPublics { get; set; }
    public string? SpecificSupport { get; set; }
    public string? Fees { get; set; }
    public string? NationalPrograms { get; set; }
    public string? TrainingsAndLabels { get; set; }
    public string? OtherTrainingsAndLabels { get; set; }
    public string? AccessModes { get; set; }
    public string? SupportModes { get; set; }
    public string? AccessibilityUrl { get; set; }
    public string? BookingUrl { get; set; }

    public PlaceKind Kind { get; set; } = PlaceKind.Autre;

    /// <summary>Theme of an EPN thématique (jeunesse, culture, emploi, seniors, médiation, e-administration, parentalité…).</summary>
    public string? Theme { get; set; }
    public int? OrganizationId { get; set; }
    public Organization? Organization { get; set; }

    /// <summary>The commune node, and the quartier when known (its QPV flag is the place's).</summary>
    public int? CommuneId { get; set; }
    public Territory? Commune { get; set; }
    public int? QuarterId { get; set; }
    public Territory? Quarter { get; set; }
    public bool IsPublished { get; set; } = true;

    /// <summary>
    /// Set when this place was merged into another: the row stays as an unpublished tombstone so that its
    /// (ImportSource, SourceId) keeps matching on re-import (the duplicate does not come back) and its old
    /// public address can redirect to the kept place.
    /// </summary>
    public int? MergedIntoId { get; set; }
    public string? AccessibilityNotes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }
    public uint Version { get; set; }

    public bool IsOpenAt(DateTimeOffset instant) =>
        OpeningHoursParser.TryParse(OpeningHours ?? "", out var schedule, out _) && schedule!.IsOpenAt(instant);

    public PlaceRecord ToRecord() => new()
    {
        Id = SourceId,
        Pivot = Pivot,
        Name = Name,
        Commune = CommuneName,
        PostalCode = PostalCode,
        InseeCode = InseeCode,
        Address = Address,
        AddressComplement = AddressComplement,
        Latitude = Latitude,
        Longitude = Longitude,
        Typology = Codes.Split(Typology),
        Phone = Phone,
        Emails = Codes.Split(Emails),
        Websites = Codes.Split(Websites),
        OpeningHours = OpeningHours,
        Summary = Summary,
        Description = Description,
        Source = Source,
        Itinerance = Codes.Split(Itinerance),
        ParentOrganization = ParentOrganization,
        UpdatedOn = UpdatedOn,
        Services = Codes.Split(Services),
        SpecificPublics = Codes.Split(SpecificPublics),
        SpecificSupport = Codes.Split(SpecificSupport),
        Fees = Codes.Split(Fees),
        NationalPrograms = Codes.Split(NationalPrograms),
        TrainingsAndLabels = Codes.Split(TrainingsAndLabels),
        OtherTrainingsAndLabels = OtherTrainingsAndLabels,
        AccessModes = Codes.Split(AccessModes),
        SupportModes = Codes.Split(SupportModes),
        AccessibilityUrl = AccessibilityUrl,
        BookingUrl = BookingUrl,
    };

    /// <summary>Copies the national fields of a record (import, back-office form); our own fields are left alone.</summary>
    public void Apply(PlaceRecord r)
    {
        SourceId = r.Id;
        Pivot = r.Pivot;
        Name = r.Name;
        CommuneName = r.Commune;
        PostalCode = r.PostalCode;
        InseeCode = r.InseeCode;
        Address = r.Address;
        AddressComplement = r.AddressComplement;
        Latitude = r.Latitude;
        Longitude = r.Longitude;
        Typology = Codes.Join(r.Typology);
        Phone = r.Phone;
        Emails = Codes.Join(r.Emails);
        Websites = Codes.Join(r.Websites);
        OpeningHours = r.OpeningHours;
        Summary = r.Summary;
        Description = r.Description;
        Source = r.Source;
        Itinerance = Codes.Join(r.Itinerance);
        ParentOrganization = r.ParentOrganization;
        UpdatedOn = r.UpdatedOn;
        Services = Codes.Join(r.Services);
        SpecificPublics = Codes.Join(r.SpecificPublics);
        SpecificSupport = Codes.Join(r.SpecificSupport);
        Fees = Codes.Join(r.Fees);
        NationalPrograms = Codes.Join(r.NationalPrograms);
        TrainingsAndLabels = Codes.Join(r.TrainingsAndLabels);
        OtherTrainingsAndLabels = r.OtherTrainingsAndLabels;
        AccessModes = Codes.Join(r.AccessModes);
        SupportModes = Codes.Join(r.SupportModes);
        AccessibilityUrl = r.AccessibilityUrl;
        BookingUrl = r.BookingUrl;
    }

    public static string KindLabel(PlaceKind kind) => kind switch
    {
        PlaceKind.EpnQuartier => "EPN de quartier",
        PlaceKind.EpnThematique => "EPN thématique",
        PlaceKind.EpnQuartierEtThematique => "EPN de quartier et thématique",
        PlaceKind.FranceServices => "France Services",
        PlaceKind.Bibliotheque => "Bibliothèque",
        PlaceKind.MaisonDesHabitants => "Maison des habitants",
        PlaceKind.Ccas => "CCAS",
        PlaceKind.Association => "Association",
        PlaceKind.Itinerant => "Itinérant",
        _ => "Autre",
    };
}

/// <summary>Multi-valued codes stored between pipes: "|a|b|" (null when empty).</summary>
public static class Codes
{
    public static string? Join(IEnumerable<string> values)
    {
        var list = values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct().ToList();
        return list.Count == 0 ? null : "|" + string.Join('|', list) + "|";
    }

    public static IReadOnlyList<string> Split(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split('|', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The pattern that finds one code in a stored column: <c>column LIKE Pattern(code)</c>.</summary>
    public static string Pattern(string code) => "%|" + code + "|%";
}
