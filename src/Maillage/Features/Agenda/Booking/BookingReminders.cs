using Maillage.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Maillage.Features.Agenda.Booking;

/// <summary>
/// Reminders 48 h and 2 h before (AgendaOptions.ReminderHours: the first value uses Reminder48hSentAt, the second
/// Reminder2hSentAt). Each reminder is claimed by a conditional UPDATE (… WHERE the column IS NULL) and sent only by the
/// run whose update changed the row: two instances, or two runs at once, send it once.
/// </summary>
public sealed class BookingReminders(AppDbContext db, BookingNotifier notifier, ManagementLinks links, IOptions<AgendaOptions> options, ILogger<BookingReminders> logger)
{
    public async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        now = now.ToUniversalTime(); // PostgreSQL's timestamptz takes UTC only
        var hours = options.Value.ReminderHours.Where(h => h > 0).OrderByDescending(h => h).Take(2).ToArray();
        var sent = 0;
        for (var i = 0; i < hours.Length; i++)
        {
            var first = i == 0;
            var lead = TimeSpan.FromHours(hours[i]);
            var until = now + lead;

            // Due: starts within the lead time, booked before the reminder's time (no reminder for what was just booked).
            var due = db.Appointments.AsNoTracking()
                .Where(a => a.Status == AppointmentStatus.Booked && a.Start > now && a.Start <= until);
            due = first ? due.Where(a => a.Reminder48hSentAt == null) : due.Where(a => a.Reminder2hSentAt == null);
            var candidates = await due.Select(a => new { a.Id, a.Start, a.CreatedAt }).OrderBy(a => a.Start).Take(500).ToListAsync(ct);
            foreach (var candidate in candidates.Where(c => c.CreatedAt <= c.Start - lead))
            {
                var claim = db.Appointments.Where(a => a.Id == candidate.Id && a.Status == AppointmentStatus.Booked);
                var claimed = first
                    ? await claim.Where(a => a.Reminder48hSentAt == null).ExecuteUpdateAsync(s => s.SetProperty(a => a.Reminder48hSentAt, now), ct)
                    : await claim.Where(a => a.Reminder2hSentAt == null).ExecuteUpdateAsync(s => s.SetProperty(a => a.Reminder2hSentAt, now), ct);
                if (claimed != 1)
                {
                    continue; // another run has it
                }

                var appointment = await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == candidate.Id, ct);
                // The same management link as the confirmation, when PublicUrl says where the site is (no request here).
                var token = links.Recover(ManagementLinks.AppointmentPrefix, appointment.ManagementNonce, appointment.ManagementTokenHash);
                if (await notifier.SendAsync(appointment, BookingNotifier.Kind.Reminder, links.BaseUrl(), token, ct))
                {
                    sent++;
                }
            }
        }

        if (sent > 0)
        {
            logger.LogInformation("Appointment reminders: {Count} sent", sent);
        }

        return sent;
    }
}

/// <summary>Runs <see cref="BookingReminders"/> every AgendaOptions.ReminderIntervalMinutes (off with Agenda:Reminders:Enabled=false).</summary>
public sealed class BookingReminderJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AgendaOptions> options, IConfiguration configuration, ILogger<BookingReminderJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Agenda:Reminders:Enabled", true))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, options.Value.ReminderIntervalMinutes)), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<BookingReminders>().RunOnceAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Appointment reminders failed; retried at the next tick");
            }
        }
    }
}
