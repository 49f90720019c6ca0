using Maillage.Shared.OpeningHours;

namespace Maillage.Features.Lieux.Gestion;

/// <summary>How the opening hours are entered on the form.</summary>
public static class HoursModes
{
    /// <summary>The weekly grid (several ranges a day, closed days, public holidays).</summary>
    public const string Grid = "grille";

    /// <summary>The OSM opening_hours text itself, for strings the grid cannot hold.</summary>
    public const string Text = "texte";
}

/// <summary>
/// The back-office place form as posted: every national field (but the id and date_maj, which are set by the server) and ours.
/// Values stay text as typed so that a wrong value is shown back with its message, never silently dropped.
/// </summary>
public sealed class PlaceInput
{
    public string? Name { get; set; }
    public PlaceKind? Kind { get; set; }
    public string? Theme { get; set; }
    public int? OrganizationId { get; set; }
    public string? Pivot { get; set; }

    public string? Address { get; set; }
    public string? AddressComplement { get; set; }
    public string? PostalCode { get; set; }

    /// <summary>The commune, by its INSEE code.</summary>
    public string? InseeCode { get; set; }
    public int? QuarterId { get; set; }

    public string? Latitude { get; set; }
    public string? Longitude { get; set; }

    /// <summary>Where the coordinates last came from (file, geocoder, hand) and the values it gave: coordinates that differ
    /// from these were typed or moved by hand.</summary>
    public string? CoordinatesSource { get; set; }
    public string? LocatedLatitude { get; set; }
    public string? LocatedLongitude { get; set; }

    public string? Phone { get; set; }

    /// <summary>One address a line.</summary>
    public string? Emails { get; set; }

    /// <summary>One address a line.</summary>
    public string? Websites { get; set; }
    public string? BookingUrl { get; set; }
    public string? AccessibilityUrl { get; set; }
    public string? AccessibilityNotes { get; set; }

    public string HoursMode { get; set; } = HoursModes.Grid;
    public OpeningHoursGrid Hours { get; set; } = new();
    public string? HoursText { get; set; }

    public string? Summary { get; set; }
    public string? Description { get; set; }

    public List<string> Typology { get; set; } = [];
    public List<string> Services { get; set; } = [];
    public List<string> SpecificPublics { get; set; } = [];
    public List<string> SpecificSupport { get; set; } = [];
    public List<string> Fees { get; set; } = [];
    public List<string> NationalPrograms { get; set; } = [];
    public List<string> TrainingsAndLabels { get; set; } = [];
    public string? OtherTrainingsAndLabels { get; set; }
    public List<string> AccessModes { get; set; } = [];
    public List<string> SupportModes { get; set; } = [];
    public List<string> Itinerance { get; set; } = [];

    public string? Source { get; set; }
    public string? ParentOrganization { get; set; }

    public bool IsPublished { get; set; } = true;

    public uint? Version { get; set; }
}
