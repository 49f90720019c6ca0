using Maillage.Features.Lieux;

namespace Maillage.Features.Agenda;

public enum AppointmentStatus
{
    /// <summary>À venir.</summary>
    Booked = 1,

    /// <summary>Honoré.</summary>
    Honoured = 2,

    /// <summary>Absent: the person did not come.</summary>
    NoShow = 3,

    /// <summary>Annulé (see <see cref="Appointment.CancelledBy"/>).</summary>
    Cancelled = 4,
}

public enum CancelledBy
{
    /// <summary>The person, through the management link.</summary>
    Person = 1,

    /// <summary>The advisor or their organization.</summary>
    Staff = 2,
}

/// <summary>
/// A booked appointment. The person gives a name and a phone or an e-mail, nothing else; the contact is erased with the rest
/// by the retention job. Never two live appointments for one advisor at one time (a unique index backs the booking's lock).
/// </summary>
public class Appointment : IVersioned
{
    public long Id { get; set; }
    public int PlaceId { get; set; }
    public Place? Place { get; set; }
    public required string AdvisorId { get; set; }

    /// <summary>The advisor's organization at booking time: the scope of who reads the appointment, as for activity records.</summary>
    public int OrganizationId { get; set; }
    public int? PermanenceId { get; set; }
    public int MotifId { get; set; }
    public AppointmentMotif? Motif { get; set; }
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }

    public required string ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }

    /// <summary>The normalised e-mail or phone, for the cap of bookings per contact per week.</summary>
    public required string ContactKey { get; set; }

    /// <summary>What the person wrote for the advisor (optional, short).</summary>
    public string? Message { get; set; }

    public AppointmentStatus Status { get; set; } = AppointmentStatus.Booked;
    public CancelledBy? CancelledBy { get; set; }
    public string? CancelledById { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>SHA-256 of the secret of the management link (cancel or move without an account).</summary>
    public required string ManagementTokenHash { get; set; }

    /// <summary>The random value the management token is derived from (<see cref="ManagementLinks"/>), so reminders can carry the link.</summary>
    public string? ManagementNonce { get; set; }

    /// <summary>Set when the reminder is claimed, so that two instances never send it twice.</summary>
    public DateTimeOffset? Reminder48hSentAt { get; set; }
    public DateTimeOffset? Reminder2hSentAt { get; set; }

    /// <summary>The activity record made from this appointment (« Transformer en compte rendu »).</summary>
    public long? ActivityId { get; set; }

    /// <summary>
    /// The person's named file, when the team links one (with the person's consent, as every file): the activity record made
    /// from the appointment is then recorded for that file. Cleared with the contact at the end of retention.
    /// </summary>
    public long? BeneficiaryId { get; set; }
    public Features.Accompagnements.Beneficiary? Beneficiary { get; set; }

    /// <summary>The booking's channel: the public page, the API, or the advisor on the phone.</summary>
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }
    public uint Version { get; set; }
}
