using Maillage.Features.Lieux;

namespace Maillage.Features.Agenda;

public enum PermanenceMode
{
    /// <summary>The public books a slot (on line or by phone).</summary>
    Appointment = 1,

    /// <summary>Sans rendez-vous: shown in the agenda and on the fiche lieu, never offered as slots.</summary>
    WalkIn = 2,
}

/// <summary>
/// One weekly range of an advisor's drop-in hours at a place (« le mardi de 9 h à 12 h à la Maison des habitants »), valid
/// over a period. Several days are several rows: each row is what <see cref="SlotCalculator"/> reads.
/// </summary>
public class Permanence : IVersioned
{
    public int Id { get; set; }
    public int AdvisorProfileId { get; set; }
    public AdvisorProfile? AdvisorProfile { get; set; }

    /// <summary>The advisor's account id, copied from the profile so that slot queries need no join.</summary>
    public required string AdvisorId { get; set; }
    public int PlaceId { get; set; }
    public Place? Place { get; set; }
    public DayOfWeek Day { get; set; }

    /// <summary>Paris wall-clock times.</summary>
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public PermanenceMode Mode { get; set; } = PermanenceMode.Appointment;
    public bool ObservesPublicHolidays { get; set; } = true;
    public string? Notes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public uint Version { get; set; }

    public PermanenceRange ToRange() =>
        new(Id, AdvisorId, Day, Start, End, ValidFrom, ValidUntil, Mode == PermanenceMode.Appointment, ObservesPublicHolidays);
}

/// <summary>
/// A time with no appointments: an advisor's absence (leave, training) or a place's closure (every advisor there), once or
/// every week until a date (« fermé le mercredi après-midi pendant les vacances »).
/// </summary>
public class Absence
{
    public int Id { get; set; }

    /// <summary>The advisor who is away; null for a closure of <see cref="PlaceId"/>.</summary>
    public string? AdvisorId { get; set; }

    /// <summary>The place that is closed; null for an advisor's absence everywhere.</summary>
    public int? PlaceId { get; set; }
    public Place? Place { get; set; }
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }

    /// <summary>When set, the same interval repeats every week (same Paris wall-clock times) up to this day included.</summary>
    public DateOnly? RepeatWeeklyUntil { get; set; }
    public string? Reason { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>What a person books an appointment for, with its length, minimum notice and horizon.</summary>
public class AppointmentMotif : IVersioned
{
    public int Id { get; set; }

    /// <summary>The organization that offers it; null for a motif offered by every organization of the instance.</summary>
    public int? OrganizationId { get; set; }
    public required string Name { get; set; }

    /// <summary>Plain French for the public (« Apportez votre téléphone et vos identifiants »).</summary>
    public string? Description { get; set; }
    public int DurationMinutes { get; set; } = 30;
    public int MinimumNoticeMinutes { get; set; } = 120;
    public int HorizonDays { get; set; } = 30;

    /// <summary>The theme the activity record is pre-filled with when the appointment becomes one.</summary>
    public Accompagnements.ActivityTheme Theme { get; set; }
    public bool IsActive { get; set; } = true;
    public int SortOrder { get; set; }
    public uint Version { get; set; }
}
