using Maillage.Features.Accompagnements;
using Maillage.Features.Lieux;
using Maillage.Features.Structures;

namespace Maillage.Features.Agenda;

/// <summary>An entry of the workshop catalogue (« Protéger ses données personnelles »), described in plain French.</summary>
public class WorkshopType : IVersioned
{
    public int Id { get; set; }

    /// <summary>The organization that runs it; null for the instance's shared catalogue.</summary>
    public int? OrganizationId { get; set; }
    public required string Title { get; set; }
    public ActivityTheme Themes { get; set; }
    public WorkshopLevel Level { get; set; } = WorkshopLevel.Beginner;
    public int DurationMinutes { get; set; } = 120;

    /// <summary>Who it is for (« Seniors », « Parents », « Tout public »).</summary>
    public string? Audience { get; set; }
    public required string Description { get; set; }
    public int DefaultCapacity { get; set; } = 8;
    public bool IsActive { get; set; } = true;
    public uint Version { get; set; }
}

public enum WorkshopSessionStatus
{
    Scheduled = 1,
    Cancelled = 2,
}

/// <summary>
/// One dated session of a workshop at a place. <see cref="ConfirmedCount"/> is kept by conditional updates
/// (« +1 where below capacity »), so concurrent registrations can never overbook it.
/// </summary>
public class WorkshopSession : IVersioned
{
    public int Id { get; set; }
    public int WorkshopTypeId { get; set; }
    public WorkshopType? WorkshopType { get; set; }
    public int PlaceId { get; set; }
    public Place? Place { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
    public int Capacity { get; set; }
    public int ConfirmedCount { get; set; }
    public bool RegistrationOpen { get; set; } = true;
    public WorkshopSessionStatus Status { get; set; } = WorkshopSessionStatus.Scheduled;
    public string? Notes { get; set; }
    public List<WorkshopSessionAdvisor> Advisors { get; set; } = [];
    public List<Registration> Registrations { get; set; } = [];

    /// <summary>Set once, when the attendance is closed and the collective activity record made (<see cref="ActivityId"/>).</summary>
    public DateTimeOffset? AttendanceClosedAt { get; set; }
    public long? ActivityId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public uint Version { get; set; }
}

public class WorkshopSessionAdvisor
{
    public int WorkshopSessionId { get; set; }
    public WorkshopSession? Session { get; set; }
    public required string AdvisorId { get; set; }
}

public enum RegistrationStatus
{
    Confirmed = 1,

    /// <summary>Liste d'attente, in <see cref="Registration.CreatedAt"/> order.</summary>
    Waiting = 2,
    Cancelled = 3,
}

/// <summary>A person's registration to a workshop session (name and a phone or an e-mail, no account).</summary>
public class Registration
{
    public long Id { get; set; }
    public int WorkshopSessionId { get; set; }
    public WorkshopSession? Session { get; set; }
    public required string ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    public required string ContactKey { get; set; }
    public RegistrationStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PromotedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public CancelledBy? CancelledBy { get; set; }
    public required string ManagementTokenHash { get; set; }

    /// <summary>The random value the management token is derived from (<see cref="ManagementLinks"/>), so a promotion notice can carry the link.</summary>
    public string? ManagementNonce { get; set; }

    /// <summary>Ticked on the attendance sheet; null until then.</summary>
    public bool? Attended { get; set; }

    /// <summary>The named file, when the person consented to one (attached by the advisor, never by the public form).</summary>
    public long? BeneficiaryId { get; set; }
    public DateTimeOffset? ReminderSentAt { get; set; }
    public string? CreatedById { get; set; }
}
