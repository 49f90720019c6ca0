namespace Maillage.Features.Agenda;

/// <summary>Settings of the public booking and registration (section « Agenda » of the configuration).</summary>
public sealed class AgendaOptions
{
    public const string Section = "Agenda";

    /// <summary>A management link cancels or moves an appointment until this many hours before it (« jusqu'à 4 h avant »).</summary>
    public int ManagementCutoffHours { get; set; } = 4;

    /// <summary>Anti-abuse: live appointments one contact (e-mail or phone) may book over a rolling week.</summary>
    public int MaxBookingsPerContactPerWeek { get; set; } = 3;

    /// <summary>Anti-abuse: workshop registrations one contact may make over a rolling week.</summary>
    public int MaxRegistrationsPerContactPerWeek { get; set; } = 6;

    /// <summary>Anti-abuse: public form posts (booking, registration, management) per client IP per minute.</summary>
    public int PublicPostsPerMinute { get; set; } = 10;

    /// <summary>Hours before an appointment at which reminders go out.</summary>
    public int[] ReminderHours { get; set; } = [48, 2];

    /// <summary>How often the reminder job looks for reminders due.</summary>
    public int ReminderIntervalMinutes { get; set; } = 5;
}
