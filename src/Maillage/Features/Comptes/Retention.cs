using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Comptes;

public sealed class RetentionOptions
{
    public int DeactivatedAccountMonths { get; set; } = 12;
    public int InvitationMonths { get; set; } = 3;
    public int AuditMonths { get; set; } = 12;
    public int RevokedApiClientMonths { get; set; } = 12;
    public int ClosedPlaceReportContactMonths { get; set; } = 6;
    public int ClosedPlaceReportMonths { get; set; } = 24;

    /// <summary>Named beneficiary files with no activity for this long are anonymised (Accompagnements).</summary>
    public int BeneficiaryInactiveMonths { get; set; } = 24;
}

/// <summary>
/// Deletes staff data past the retention periods published on /donnees-personnelles. Every statement is a plain
/// idempotent DELETE: running it twice, or on two instances at once, deletes the same rows once.
/// </summary>
public static class Retention
{
    public sealed record Result(int Accounts, int Invitations, int AuditEntries, int ApiClients);

    public static async Task<Result> PurgeAsync(AppDbContext db, RetentionOptions options, DateTimeOffset now, CancellationToken ct = default)
    {
        var accountsBefore = now.AddMonths(-options.DeactivatedAccountMonths);
        var invitationsBefore = now.AddMonths(-options.InvitationMonths);
        var auditBefore = now.AddMonths(-options.AuditMonths);
        var clientsBefore = now.AddMonths(-options.RevokedApiClientMonths);

        // Grants go first: the provider-independent way, without relying on the database's cascade.
        await db.Grants.Where(g => !g.User!.IsActive && g.User.DeactivatedAt < accountsBefore).ExecuteDeleteAsync(ct);
        var accounts = await db.Users.Where(u => !u.IsActive && u.DeactivatedAt < accountsBefore).ExecuteDeleteAsync(ct);
        var invitations = await db.Invitations.Where(i =>
                i.AcceptedAt < invitationsBefore || i.RevokedAt < invitationsBefore || (i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt < invitationsBefore))
            .ExecuteDeleteAsync(ct);
        var audit = await db.AuditEntries.Where(e => e.At < auditBefore).ExecuteDeleteAsync(ct);
        var clients = await db.ApiClients.Where(c => c.RevokedAt < clientsBefore).ExecuteDeleteAsync(ct);

        // « Signaler une erreur »: the optional contact e-mail is forgotten once the report has been closed for a while.
        var reportsBefore = now.AddMonths(-options.ClosedPlaceReportContactMonths);
        await db.PlaceReports.Where(r => r.ContactEmail != null && r.Status != Lieux.Signalements.PlaceReportStatus.Nouveau && r.HandledAt < reportsBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ContactEmail, (string?)null), ct);

        // The message itself may hold what a person wrote about themself: closed reports go after two years.
        var closedReportsBefore = now.AddMonths(-options.ClosedPlaceReportMonths);
        await db.PlaceReports.Where(r => r.Status != Lieux.Signalements.PlaceReportStatus.Nouveau && r.HandledAt < closedReportsBefore)
            .ExecuteDeleteAsync(ct);
        return new Result(accounts, invitations, audit, clients);
    }
}

/// <summary>
/// Runs the retention steps once a day: <see cref="Retention.PurgeAsync"/>, then the anonymisation of dormant named files
/// (<see cref="Accompagnements.Beneficiaires.BeneficiaryRetention.AnonymiseDormantAsync"/>). Each step is idempotent and
/// fails on its own: a failed step (database briefly unavailable, schema not migrated yet) is retried at the next tick.
/// </summary>
public sealed class RetentionJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<RetentionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromHours(configuration.GetValue("Retention:PeriodHours", 24.0));
        using var timer = new PeriodicTimer(period, clock);
        do
        {
            var options = configuration.GetSection("Retention").Get<RetentionOptions>() ?? new RetentionOptions();
            await StepAsync("Retention purge", async db =>
            {
                var result = await Retention.PurgeAsync(db, options, clock.GetUtcNow(), stoppingToken);
                logger.LogInformation("Retention purge: {Accounts} accounts, {Invitations} invitations, {AuditEntries} audit entries, {ApiClients} API clients deleted",
                    result.Accounts, result.Invitations, result.AuditEntries, result.ApiClients);
            });
            await StepAsync("Beneficiary retention", async db =>
            {
                var count = await Accompagnements.Beneficiaires.BeneficiaryRetention.AnonymiseDormantAsync(db, options.BeneficiaryInactiveMonths, clock.GetUtcNow(), stoppingToken);
                logger.LogInformation("Beneficiary retention: {Count} dormant files anonymised", count);
            });
            await StepAsync("Agenda contact retention", async db =>
            {
                var result = await Agenda.Booking.BookingRetention.EraseContactsAsync(db, configuration.GetValue("Agenda:ContactRetentionMonths", 3), clock.GetUtcNow(), stoppingToken);
                logger.LogInformation("Agenda contact retention: {Appointments} appointments, {Registrations} registrations anonymised", result.Appointments, result.Registrations);
            });
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task StepAsync(string name, Func<AppDbContext, Task> step)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await step(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "{Step} failed", name);
        }
    }
}
