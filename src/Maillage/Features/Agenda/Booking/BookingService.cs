using Maillage.Data;
using Maillage.Shared.Security;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Maillage.Features.Agenda.Booking;

/// <summary>What the public form or the API asks to book. <see cref="AdvisorId"/> null: any advisor free at that time.</summary>
public sealed record BookingRequest(int PlaceId, int MotifId, DateTimeOffset Start, string? AdvisorId, ContactInput Contact, string? Message);

/// <summary>The answer of a booking (or a move): the appointment and its management secret, or errors keyed by field.</summary>
public sealed class BookingOutcome
{
    public Appointment? Appointment { get; init; }

    /// <summary>The secret of the management link, shown once: only its hash is stored.</summary>
    public string? ManagementToken { get; init; }
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>The slot was free when the person chose it and was taken since (or by a parallel request).</summary>
    public bool SlotTaken { get; init; }
    public bool Succeeded => Appointment is not null && Errors.Count == 0;

    internal static BookingOutcome Fail(string key, string message) => new() { Errors = new Dictionary<string, string[]> { [key] = [message] } };

    internal static BookingOutcome Taken() => new() { SlotTaken = true, Errors = new Dictionary<string, string[]> { [nameof(BookingRequest.Start)] = [BookingMessages.SlotTaken] } };
}

public static class BookingMessages
{
    public const string SlotTaken = "Ce créneau vient d'être pris : choisissez-en un autre.";
    public const string UnknownMotif = "Ce motif de rendez-vous n'existe pas ou n'est plus proposé : choisissez-en un dans la liste.";
    public const string NoBooking = "Ce lieu ne propose pas de rendez-vous pour ce motif.";
}

/// <summary>
/// Books, moves and cancels appointments. No double booking, ever: in one transaction, the advisor's profile row is updated
/// first (a row lock on PostgreSQL, the write lock on SQLite), so bookings with one advisor run one after the other; the
/// slot is then checked again with the same engine as the public page, and the unique index on live (advisor, start) is
/// the last backstop. Sends nothing: the pages and the API call <see cref="BookingNotifier"/> after a success.
/// </summary>
public sealed class BookingService(AppDbContext db, TimeProvider clock, IOptions<AgendaOptions> options, ManagementLinks links)
{
    public const int MaxMessageLength = 500;

    public async Task<BookingOutcome> BookAsync(BookingRequest request, string? createdById, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var motif = await db.AppointmentMotifs.AsNoTracking().FirstOrDefaultAsync(m => m.Id == request.MotifId && m.IsActive, ct);
        if (motif is null)
        {
            errors[nameof(BookingRequest.MotifId)] = [BookingMessages.UnknownMotif];
        }

        var (contact, contactErrors) = ContactRules.Validate(request.Contact);
        foreach (var (key, value) in contactErrors)
        {
            errors[key] = value;
        }

        var message = string.IsNullOrWhiteSpace(request.Message) ? null : request.Message.Trim();
        if (message is { Length: > MaxMessageLength })
        {
            errors[nameof(BookingRequest.Message)] = [$"Le message ne peut pas dépasser {MaxMessageLength} caractères."];
        }

        if (motif is not null && TimingError(request.Start, motif, now) is { } timing)
        {
            errors[nameof(BookingRequest.Start)] = [timing];
        }

        if (errors.Count > 0)
        {
            return new BookingOutcome { Errors = errors };
        }

        if (await CapErrorAsync(contact!, now, excludeId: null, ct) is { } cap)
        {
            return new BookingOutcome { Errors = cap };
        }

        // Which advisor: the one asked for, else every advisor with a free slot at that time (first that locks and still fits).
        var candidates = await CandidatesAsync(request.PlaceId, motif!, request.Start, request.AdvisorId, now, ct);
        if (candidates.Error is { } error)
        {
            return error;
        }

        var (token, nonce, hash) = links.New(ManagementLinks.AppointmentPrefix);
        foreach (var slot in candidates.Slots)
        {
            var appointment = new Appointment
            {
                PlaceId = request.PlaceId,
                AdvisorId = slot.AdvisorId,
                PermanenceId = slot.PermanenceId,
                MotifId = motif!.Id,
                // PostgreSQL's timestamptz takes UTC only; the slot carries the Paris offset.
                Start = slot.Start.ToUniversalTime(),
                End = slot.End.ToUniversalTime(),
                ContactName = contact!.Name,
                ContactPhone = contact.Phone,
                ContactEmail = contact.Email,
                ContactKey = contact.Key,
                Message = message,
                ManagementTokenHash = hash,
                ManagementNonce = nonce,
                CreatedById = createdById,
                CreatedAt = now,
                ModifiedAt = now,
            };
            if (await TryHoldAsync(appointment, motif, now, existing: null, ct))
            {
                return new BookingOutcome { Appointment = appointment, ManagementToken = token };
            }
        }

        return BookingOutcome.Taken();
    }

    /// <summary>The live appointment of a management link, with its place and motif; null for an unknown or tampered token.</summary>
    public Task<Appointment?> FindByTokenAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return Task.FromResult<Appointment?>(null);
        }

        var hash = SecretTokens.Hash(token);
        return db.Appointments.AsNoTracking().Include(a => a.Place).Include(a => a.Motif).FirstOrDefaultAsync(a => a.ManagementTokenHash == hash, ct);
    }

    /// <summary>Whether the person may still cancel or move it through the link (booked, and before the cut-off).</summary>
    public bool CanManage(Appointment appointment) =>
        appointment.Status == AppointmentStatus.Booked && clock.GetUtcNow() < ManagementDeadline(appointment);

    public DateTimeOffset ManagementDeadline(Appointment appointment) => appointment.Start.AddHours(-options.Value.ManagementCutoffHours);

    /// <summary>Cancels through the management link; false when it is too late or no longer booked (nothing changed).</summary>
    public async Task<bool> CancelByPersonAsync(Appointment appointment, CancellationToken ct = default)
    {
        if (!CanManage(appointment))
        {
            return false;
        }

        var now = clock.GetUtcNow();

        // Conditional: a second click, or a staff change in between, changes nothing.
        var changed = await db.Appointments.Where(a => a.Id == appointment.Id && a.Status == AppointmentStatus.Booked)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AppointmentStatus.Cancelled)
                .SetProperty(a => a.CancelledBy, CancelledBy.Person)
                .SetProperty(a => a.CancelledAt, now)
                .SetProperty(a => a.ModifiedAt, now)
                .SetProperty(a => a.Version, a => a.Version + 1), ct);
        if (changed == 1)
        {
            appointment.Status = AppointmentStatus.Cancelled;
            appointment.CancelledBy = CancelledBy.Person;
            appointment.CancelledAt = now;
            appointment.ModifiedAt = now;
            appointment.Version++;
        }

        return changed == 1;
    }

    /// <summary>Moves a booked appointment to another free slot of the same place and motif (any advisor), under the same lock.</summary>
    public async Task<BookingOutcome> MoveAsync(Appointment appointment, DateTimeOffset start, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (!CanManage(appointment))
        {
            return BookingOutcome.Fail(nameof(BookingRequest.Start), $"Ce rendez-vous ne peut plus être déplacé en ligne (au plus tard {options.Value.ManagementCutoffHours} h avant) : appelez le lieu.");
        }

        var motif = appointment.Motif ?? await db.AppointmentMotifs.AsNoTracking().FirstAsync(m => m.Id == appointment.MotifId, ct);
        if (TimingError(start, motif, now) is { } timing)
        {
            return BookingOutcome.Fail(nameof(BookingRequest.Start), timing);
        }

        if (start == appointment.Start)
        {
            return BookingOutcome.Fail(nameof(BookingRequest.Start), "C'est déjà l'heure de votre rendez-vous : choisissez un autre créneau.");
        }

        var candidates = await CandidatesAsync(appointment.PlaceId, motif, start, null, now, ct);
        if (candidates.Error is { } error)
        {
            return error;
        }

        foreach (var slot in candidates.Slots)
        {
            if (await TryHoldAsync(appointment, motif, now, existing: slot, ct))
            {
                return new BookingOutcome { Appointment = appointment };
            }
        }

        return BookingOutcome.Taken();
    }

    /// <summary>
    /// The critical section: lock the advisor, check the slot again, write. For a move, <paramref name="existing"/> is the new
    /// slot and <paramref name="appointment"/> the tracked appointment to update.
    /// </summary>
    private async Task<bool> TryHoldAsync(Appointment appointment, AppointmentMotif motif, DateTimeOffset now, FreeSlot? existing, CancellationToken ct)
    {
        var advisorId = existing?.AdvisorId ?? appointment.AdvisorId;
        var start = existing?.Start ?? appointment.Start;
        var day = DateOnly.FromDateTime(ParisTime.ToParis(start).DateTime);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var locked = await db.AdvisorProfiles.Where(p => p.UserId == advisorId && p.IsActive)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.BookingSequence, p => p.BookingSequence + 1), ct);
            if (locked == 0)
            {
                return false;
            }

            var free = await AgendaSlots.ForPlaceAsync(db, appointment.PlaceId, motif, now, day, day, advisorId, ct);
            if (!free.Any(s => s.Start == start))
            {
                return false;
            }

            var organizationId = await db.AdvisorProfiles.Where(p => p.UserId == advisorId).Select(p => p.OrganizationId).FirstAsync(ct);
            if (existing is null)
            {
                appointment.OrganizationId = organizationId;
                db.Appointments.Add(appointment);
                await db.SaveChangesAsync(ct);
            }
            else
            {
                // Set-based and conditional: a cancellation or a staff change in between wins, and a failed attempt leaves the
                // tracked appointment as it was for the next candidate.
                var slot = existing;
                var moved = await db.Appointments.Where(a => a.Id == appointment.Id && a.Status == AppointmentStatus.Booked && a.Start == appointment.Start)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(a => a.AdvisorId, slot.AdvisorId)
                        .SetProperty(a => a.PermanenceId, slot.PermanenceId)
                        .SetProperty(a => a.OrganizationId, organizationId)
                        .SetProperty(a => a.Start, slot.Start.ToUniversalTime())
                        .SetProperty(a => a.End, slot.End.ToUniversalTime())
                        .SetProperty(a => a.Reminder48hSentAt, (DateTimeOffset?)null)
                        .SetProperty(a => a.Reminder2hSentAt, (DateTimeOffset?)null)
                        .SetProperty(a => a.ModifiedAt, now)
                        .SetProperty(a => a.Version, a => a.Version + 1), ct);
                if (moved != 1)
                {
                    return false;
                }
            }

            await transaction.CommitAsync(ct);
            if (existing is not null)
            {
                db.Entry(appointment).State = EntityState.Detached;
                appointment.AdvisorId = existing.AdvisorId;
                appointment.PermanenceId = existing.PermanenceId;
                appointment.OrganizationId = organizationId;
                appointment.Start = existing.Start.ToUniversalTime();
                appointment.End = existing.End.ToUniversalTime();
                appointment.Reminder48hSentAt = null;
                appointment.Reminder2hSentAt = null;
                appointment.ModifiedAt = now;
                appointment.Version++;
            }

            return true;
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            // The unique live (advisor, start) index: another booking got there first. Disposing rolls the transaction back.
            if (existing is null)
            {
                db.Entry(appointment).State = EntityState.Detached;
            }

            return false;
        }
    }

    /// <summary>A unique index refused the row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY), from SaveChanges or a set-based update.</summary>
    public static bool IsUniqueViolation(Exception e) => (e is DbUpdateException ? e.InnerException : e) switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };

    private sealed record Candidates(IReadOnlyList<FreeSlot> Slots, BookingOutcome? Error);

    /// <summary>The free slots starting at <paramref name="start"/>; when none, tells « taken » from « not a slot at all ».</summary>
    private async Task<Candidates> CandidatesAsync(int placeId, AppointmentMotif motif, DateTimeOffset start, string? advisorId, DateTimeOffset now, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(ParisTime.ToParis(start).DateTime);
        var free = await AgendaSlots.ForPlaceAsync(db, placeId, motif, now, day, day, advisorId, ct);
        var slots = free.Where(s => s.Start == start).ToList();
        if (slots.Count > 0)
        {
            return new Candidates(slots, null);
        }

        // Not free: is it a slot of the hours at all? The same ranges with nothing busy answer it.
        var ranges = await BookableRanges(placeId, motif, advisorId).ToListAsync(ct);
        if (ranges.Count == 0)
        {
            return new Candidates([], BookingOutcome.Fail(nameof(BookingRequest.PlaceId), BookingMessages.NoBooking));
        }

        var request = new SlotRequest(now, motif.DurationMinutes, TimeSpan.FromMinutes(motif.MinimumNoticeMinutes), motif.HorizonDays, day, day);
        var inHours = SlotCalculator.Compute(ranges.Select(p => p.ToRange()), [], request).Any(s => s.Start == start);
        return inHours
            ? new Candidates([], BookingOutcome.Taken())
            : new Candidates([], BookingOutcome.Fail(nameof(BookingRequest.Start), "Ce créneau ne fait pas partie des horaires de rendez-vous de ce lieu : choisissez un créneau proposé."));
    }

    private IQueryable<Permanence> BookableRanges(int placeId, AppointmentMotif motif, string? advisorId)
    {
        var query = db.Permanences.AsNoTracking().Where(p => p.PlaceId == placeId && p.Mode == PermanenceMode.Appointment && p.AdvisorProfile!.IsActive);
        if (motif.OrganizationId is { } organizationId)
        {
            query = query.Where(p => p.AdvisorProfile!.OrganizationId == organizationId);
        }

        return advisorId is null ? query : query.Where(p => p.AdvisorId == advisorId);
    }

    private static string? TimingError(DateTimeOffset start, AppointmentMotif motif, DateTimeOffset now)
    {
        if (start <= now)
        {
            return "Ce créneau est déjà passé : choisissez un créneau à venir.";
        }

        if (start < now.AddMinutes(motif.MinimumNoticeMinutes))
        {
            return $"Ce créneau est trop proche : pour ce motif, réservez au moins {Hours(motif.MinimumNoticeMinutes)} à l'avance.";
        }

        var lastDay = DateOnly.FromDateTime(ParisTime.ToParis(now).DateTime).AddDays(motif.HorizonDays);
        return DateOnly.FromDateTime(ParisTime.ToParis(start).DateTime) > lastDay
            ? $"Ce créneau est trop lointain : les rendez-vous s'ouvrent {motif.HorizonDays} jours à l'avance."
            : null;
    }

    private static string Hours(int minutes) => minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes} minutes";

    /// <summary>Anti-abuse: live appointments booked by this contact over the last seven days.</summary>
    private async Task<Dictionary<string, string[]>?> CapErrorAsync(Contact contact, DateTimeOffset now, long? excludeId, CancellationToken ct)
    {
        var max = options.Value.MaxBookingsPerContactPerWeek;
        if (max <= 0)
        {
            return null;
        }

        var since = now.AddDays(-7);
        var count = await db.Appointments.CountAsync(a => a.ContactKey == contact.Key && a.Status != AppointmentStatus.Cancelled && a.CreatedAt > since && a.Id != excludeId, ct);
        if (count < max)
        {
            return null;
        }

        var key = contact.Email is not null ? nameof(ContactInput.Email) : nameof(ContactInput.Phone);
        return new Dictionary<string, string[]>
        {
            [key] = [$"Vous avez déjà pris {count} rendez-vous cette semaine avec ce contact : c'est le maximum. Annulez-en un ou appelez le lieu."],
        };
    }
}
