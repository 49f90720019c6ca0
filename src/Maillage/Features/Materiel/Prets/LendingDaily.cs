using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

public sealed record LendingDailyReport(int Reminders, int Digests, int Tickets, int Reserved);

/// <summary>
/// The lending's daily work: overdue reminders (one per loan and day, claimed by a conditional update), the coordinators'
/// digest (one per lender and day, claimed by its key), the periodic maintenance plans, approved reservations never picked up
/// (they lapse), and the « réservé » status of items
/// whose approved reservation has begun. Running it twice the same day sends nothing more.
/// </summary>
public sealed class LendingDaily(AppDbContext db, LendingMails mails, MaintenanceService maintenance, TimeProvider clock, ILogger<LendingDaily> logger)
{
    public async Task<LendingDailyReport> RunOnceAsync(CancellationToken ct = default)
    {
        var today = maintenance.Today;
        var now = clock.GetUtcNow();
        var overdue = await db.Reservations.AsNoTracking().Include(r => r.Borrower).Include(r => r.Kit)
            .Where(r => r.Status == ReservationStatus.CheckedOut && r.EndDate < today)
            .OrderBy(r => r.EndDate).Take(1000).ToListAsync(ct);
        var reminders = 0;
        foreach (var r in overdue.Where(r => r.OverdueRemindedOn is null || r.OverdueRemindedOn < today))
        {
            var claimed = await db.Reservations.Where(x => x.Id == r.Id && x.Status == ReservationStatus.CheckedOut && (x.OverdueRemindedOn == null || x.OverdueRemindedOn < today))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.OverdueRemindedOn, today), ct);
            if (claimed == 1 && await mails.OverdueAsync(r, ct))
            {
                reminders++;
            }
        }

        var digests = 0;
        foreach (var lender in overdue.GroupBy(r => r.LenderOrganizationId))
        {
            if (await db.OverdueDigests.AnyAsync(d => d.LenderOrganizationId == lender.Key && d.Day == today, ct))
            {
                continue;
            }

            db.OverdueDigests.Add(new OverdueDigest { LenderOrganizationId = lender.Key, Day = today, Count = lender.Count(), SentAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (Agenda.Booking.BookingService.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
                continue; // another run has it
            }

            if (await mails.DigestAsync(lender.Key, [.. lender], today, ct))
            {
                digests++;
            }
        }

        var tickets = await maintenance.RunPlansAsync(ct);

        // Approved but never picked up by their last day: the days are gone, the reservation lapses.
        var lapsed = db.Reservations.Where(r => r.Status == ReservationStatus.Approved && r.EndDate < today);
        await db.ReservationLines.Where(l => l.Holds && lapsed.Any(r => r.Id == l.ReservationId)).ExecuteUpdateAsync(s => s.SetProperty(l => l.Holds, false), ct);
        await lapsed.ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReservationStatus.Cancelled).SetProperty(r => r.ReturnNote, "Matériel jamais retiré : réservation échue.")
            .SetProperty(r => r.ModifiedAt, now), ct);

        // « Réservé »: available items whose approved reservation has begun, and back to available when none holds them today.
        var reserved = await db.Items.Where(i => i.Status == ItemStatus.Available && db.ReservationLines.Any(l => l.ItemId == i.Id && l.Holds && l.StartDate <= today && l.EndDate >= today
                && db.Reservations.Any(r => r.Id == l.ReservationId && r.Status == ReservationStatus.Approved)))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Reserved), ct);
        await db.Items.Where(i => i.Status == ItemStatus.Reserved && !db.ReservationLines.Any(l => l.ItemId == i.Id && l.Holds && l.StartDate <= today && l.EndDate >= today
                && db.Reservations.Any(r => r.Id == l.ReservationId && r.Status == ReservationStatus.Approved)))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Available), ct);
        if (reminders + digests + tickets > 0)
        {
            logger.LogInformation("Lending daily: {Reminders} overdue reminders, {Digests} digests, {Tickets} maintenance tickets", reminders, digests, tickets);
        }

        return new LendingDailyReport(reminders, digests, tickets, reserved);
    }
}

/// <summary>Runs <see cref="LendingDaily"/> every hour (it does each day's work once); off with Materiel:DailyJob:Enabled=false.</summary>
public sealed class LendingDailyJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<LendingDailyJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Materiel:DailyJob:Enabled", true))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<LendingDaily>().RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Lending daily job failed; retried at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
