using Maillage.Features.Accompagnements;
using Maillage.Features.Lieux;
using Maillage.Features.Structures;

namespace Maillage.Features.Agenda;

/// <summary>
/// An advisor's public face in the agenda: employing organization, the places they work at, themes and languages, a short
/// bio (no photo). One per account. Its row is also the lock that serialises bookings with this advisor.
/// </summary>
public class AdvisorProfile : IVersioned
{
    public int Id { get; set; }

    /// <summary>The advisor's account id.</summary>
    public required string UserId { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }

    /// <summary>The name the public reads (« Samia B. »): the advisor chooses how much of it to show.</summary>
    public required string PublicName { get; set; }
    public string? Bio { get; set; }

    /// <summary>Languages spoken, ISO 639-1 codes between pipes ("|fr|ar|").</summary>
    public string? Languages { get; set; }
    public ActivityTheme Themes { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>SHA-256 of the secret of the private iCalendar feed; null when no feed is open (revoked or never created).</summary>
    public string? CalendarFeedTokenHash { get; set; }

    /// <summary>Bumped by every booking with this advisor, inside its transaction: the write lock that serialises them.</summary>
    public long BookingSequence { get; set; }

    public List<AdvisorPlace> Places { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public uint Version { get; set; }
}

/// <summary>A place of the network where the advisor works.</summary>
public class AdvisorPlace
{
    public int AdvisorProfileId { get; set; }
    public AdvisorProfile? AdvisorProfile { get; set; }
    public int PlaceId { get; set; }
    public Place? Place { get; set; }
}
