using Maillage.Data;
using Maillage.Shared.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Maillage.Features.Agenda.Ateliers;

/// <summary>The answer of a registration: the registration and its management secret (shown once), or errors keyed by field.</summary>
public sealed class RegistrationOutcome
{
    public Registration? Registration { get; init; }

    /// <summary>The secret of the management link; only its hash is stored.</summary>
    public string? ManagementToken { get; init; }
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>1 for the first person waiting; null when confirmed.</summary>
    public int? WaitingPosition { get; init; }

    /// <summary>The same contact already holds a live registration to this session.</summary>
    public bool AlreadyRegistered { get; init; }

    /// <summary>No such session open to registration (unknown, cancelled, past, closed).</summary>
    public bool SessionUnavailable { get; init; }

    public bool Succeeded => Registration is not null && Errors.Count == 0;

    public bool Waiting => Registration?.Status == RegistrationStatus.Waiting;

    internal static RegistrationOutcome Fail(string key, string message, bool already = false, bool unavailable = false) =>
        new() { Errors = new Dictionary<string, string[]> { [key] = [message] }, AlreadyRegistered = already, SessionUnavailable = unavailable };
}

public static class RegistrationMessages
{
    public const string AlreadyRegistered = "Vous êtes déjà inscrit à cette séance avec ce contact : inutile de vous réinscrire. Le lien reçu par e-mail permet d'annuler.";
    public const string Unavailable = "Cette séance n'est pas ouverte aux inscriptions (passée, annulée ou introuvable) : choisissez une autre séance.";

    public static string WaitingList(int position) =>
        $"La séance est complète : vous êtes inscrit sur la liste d'attente, en position {position}.";
}

/// <summary>A registration cancelled, and who took the freed seat (to be told by e-mail once the transaction is committed).</summary>
public sealed record CancellationOutcome(bool Cancelled, IReadOnlyList<Registration> Promoted);

/// <summary>
/// Registers people to workshop sessions and cancels their registrations. Never over capacity, whatever the concurrency: a seat
/// is taken by one conditional update (« ConfirmedCount + 1 where ConfirmedCount &lt; Capacity »), 1 row → confirmed, 0 → waiting
/// list; a check constraint backs it. A cancellation frees the seat and promotes the first person waiting in the same
/// transaction. Sends nothing: the callers use <see cref="WorkshopMails"/> after a success.
/// </summary>
public sealed class RegistrationService(AppDbContext db, TimeProvider clock, IOptions<AgendaOptions> options, ManagementLinks links)
{
    /// <summary>The session a person may register to now: scheduled, open, not started.</summary>
    public IQueryable<WorkshopSession> Open(DateTimeOffset now) =>
        db.WorkshopSessions.Where(s => s.Status == WorkshopSessionStatus.Scheduled && s.RegistrationOpen && s.AttendanceClosedAt == null && s.Start > now);

    public async Task<RegistrationOutcome> RegisterAsync(int sessionId, ContactInput input, string? createdById, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var (contact, errors) = ContactRules.Validate(input);
        if (contact is null)
        {
            return new RegistrationOutcome { Errors = errors };
        }

        if (!await Open(now).AnyAsync(s => s.Id == sessionId, ct))
        {
            return RegistrationOutcome.Fail("SessionId", RegistrationMessages.Unavailable, unavailable: true);
        }

        var key = contact.Email is not null ? nameof(ContactInput.Email) : nameof(ContactInput.Phone);
        if (await db.Registrations.AnyAsync(r => r.WorkshopSessionId == sessionId && r.ContactKey == contact.Key && r.Status != RegistrationStatus.Cancelled, ct))
        {
            return RegistrationOutcome.Fail(key, RegistrationMessages.AlreadyRegistered, already: true);
        }

        var max = options.Value.MaxRegistrationsPerContactPerWeek;
        if (max > 0)
        {
            var since = now.AddDays(-7);
            var count = await db.Registrations.CountAsync(r => r.ContactKey == contact.Key && r.Status != RegistrationStatus.Cancelled && r.CreatedAt > since, ct);
            if (count >= max)
            {
                return RegistrationOutcome.Fail(key, $"Vous avez déjà fait {count} inscriptions cette semaine avec ce contact : c'est le maximum. Annulez-en une ou adressez-vous au lieu.");
            }
        }

        var (token, nonce, hash) = links.New(ManagementLinks.RegistrationPrefix);
        var registration = new Registration
        {
            WorkshopSessionId = sessionId,
            ContactName = contact.Name,
            ContactPhone = contact.Phone,
            ContactEmail = contact.Email,
            ContactKey = contact.Key,
            ManagementTokenHash = hash,
            ManagementNonce = nonce,
            CreatedAt = now,
            CreatedById = createdById,
        };

        // The session row is written first in the transaction: its row lock (PostgreSQL) or the write lock (SQLite) makes the
        // registrations of one session one after the other, so the waiting list's order (by id) is the order of arrival; then
        // the conditional seat update alone decides confirmed or waiting.
        int? position = null;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                await LockAsync(sessionId, ct);
                var seat = await TakeSeatAsync(sessionId, ct);
                registration.Status = seat ? RegistrationStatus.Confirmed : RegistrationStatus.Waiting;
                db.Registrations.Add(registration);
                await db.SaveChangesAsync(ct);
                position = await WaitingPositionAsync(registration, ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException e) when (IsUniqueViolation(e))
            {
                // The same contact registered in parallel: the unique live (session, contact) index let one in. Disposing rolls back the seat.
                db.ChangeTracker.Clear();
                return RegistrationOutcome.Fail(key, RegistrationMessages.AlreadyRegistered, already: true);
            }
        }

        return new RegistrationOutcome { Registration = registration, ManagementToken = token, WaitingPosition = position };
    }

    /// <summary>1-based rank on the waiting list (arrival order, which is id order), null when not waiting.</summary>
    public async Task<int?> WaitingPositionAsync(Registration registration, CancellationToken ct = default)
    {
        if (registration.Status != RegistrationStatus.Waiting)
        {
            return null;
        }

        var ahead = await db.Registrations.CountAsync(r => r.WorkshopSessionId == registration.WorkshopSessionId && r.Status == RegistrationStatus.Waiting && r.Id < registration.Id, ct);
        return ahead + 1;
    }

    /// <summary>The registration of a management link, with its session, type and place; null for an unknown or tampered token.</summary>
    public Task<Registration?> FindByTokenAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return Task.FromResult<Registration?>(null);
        }

        var hash = SecretTokens.Hash(token);
        return db.Registrations.AsNoTracking().Include(r => r.Session!).ThenInclude(s => s.WorkshopType).Include(r => r.Session!).ThenInclude(s => s.Place)
            .FirstOrDefaultAsync(r => r.ManagementTokenHash == hash, ct);
    }

    /// <summary>Whether the person may still cancel through the link: live, and the session has not started.</summary>
    public bool CanCancel(Registration registration, WorkshopSession session) =>
        registration.Status != RegistrationStatus.Cancelled && session.Status == WorkshopSessionStatus.Scheduled && session.AttendanceClosedAt is null && clock.GetUtcNow() < session.Start;

    /// <summary>
    /// Cancels a registration (conditional: a second click changes nothing). When it held a seat, the seat is freed and the first
    /// people waiting take it, in the same transaction.
    /// </summary>
    public async Task<CancellationOutcome> CancelAsync(long registrationId, CancelledBy by, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var sessionId = await db.Registrations.Where(r => r.Id == registrationId).Select(r => (int?)r.WorkshopSessionId).FirstOrDefaultAsync(ct);
        if (sessionId is null)
        {
            return new CancellationOutcome(false, []);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(sessionId.Value, ct);
        var current = await db.Registrations.AsNoTracking().Where(r => r.Id == registrationId).Select(r => new { r.Status, r.WorkshopSessionId }).FirstAsync(ct);
        if (current.Status == RegistrationStatus.Cancelled)
        {
            return new CancellationOutcome(false, []);
        }

        var changed = await db.Registrations.Where(r => r.Id == registrationId && r.Status == current.Status)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RegistrationStatus.Cancelled).SetProperty(r => r.CancelledAt, now).SetProperty(r => r.CancelledBy, by), ct);
        if (changed == 0)
        {
            return new CancellationOutcome(false, []);
        }

        IReadOnlyList<Registration> promoted = [];
        if (current.Status == RegistrationStatus.Confirmed)
        {
            await db.WorkshopSessions.Where(s => s.Id == current.WorkshopSessionId && s.ConfirmedCount > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConfirmedCount, x => x.ConfirmedCount - 1), ct);
            promoted = await PromoteWaitingAsync(current.WorkshopSessionId, now, ct);
        }

        await transaction.CommitAsync(ct);
        return new CancellationOutcome(true, promoted);
    }

    /// <summary>
    /// Fills the free seats of a session with the people waiting, in arrival order; call inside a transaction (after a
    /// cancellation, or a capacity raised). Returns the promoted registrations.
    /// </summary>
    public async Task<IReadOnlyList<Registration>> PromoteWaitingAsync(int sessionId, DateTimeOffset now, CancellationToken ct = default)
    {
        var promoted = new List<Registration>();
        var skipped = new List<long>();
        while (true)
        {
            var next = await db.Registrations.AsNoTracking()
                .Where(r => r.WorkshopSessionId == sessionId && r.Status == RegistrationStatus.Waiting && !skipped.Contains(r.Id))
                .OrderBy(r => r.Id).FirstOrDefaultAsync(ct);
            if (next is null || !await TakeSeatAsync(sessionId, ct))
            {
                return promoted;
            }

            // Conditional: the person may have cancelled meanwhile; then the seat goes back and the next one is tried.
            var moved = await db.Registrations.Where(r => r.Id == next.Id && r.Status == RegistrationStatus.Waiting)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RegistrationStatus.Confirmed).SetProperty(r => r.PromotedAt, now), ct);
            if (moved == 0)
            {
                await ReleaseSeatAsync(sessionId, ct);
                skipped.Add(next.Id);
                continue;
            }

            next.Status = RegistrationStatus.Confirmed;
            next.PromotedAt = now;
            promoted.Add(next);
        }
    }

    /// <summary>Writes the session row without changing it: the lock that orders registrations and cancellations of one session.</summary>
    public Task<int> LockAsync(int sessionId, CancellationToken ct) =>
        db.WorkshopSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ConfirmedCount, x => x.ConfirmedCount), ct);

    /// <summary>The conditional seat update: true when a seat was free and is now taken.</summary>
    public async Task<bool> TakeSeatAsync(int sessionId, CancellationToken ct) =>
        await db.WorkshopSessions.Where(s => s.Id == sessionId && s.ConfirmedCount < s.Capacity && s.Status == WorkshopSessionStatus.Scheduled)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConfirmedCount, x => x.ConfirmedCount + 1), ct) == 1;

    private Task<int> ReleaseSeatAsync(int sessionId, CancellationToken ct) =>
        db.WorkshopSessions.Where(s => s.Id == sessionId && s.ConfirmedCount > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConfirmedCount, x => x.ConfirmedCount - 1), ct);

    /// <summary>A unique index refused the row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE).</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
