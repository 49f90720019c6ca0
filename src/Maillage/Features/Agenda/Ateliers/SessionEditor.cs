using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Audit;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Ateliers;

/// <summary>What the session form and the API send.</summary>
public sealed class SessionInput
{
    public int? WorkshopTypeId { get; set; }
    public int? OrganizationId { get; set; }
    public int? PlaceId { get; set; }
    public DateOnly? Date { get; set; }
    public TimeOnly? StartTime { get; set; }
    public TimeOnly? EndTime { get; set; }
    public int? Capacity { get; set; }
    public List<string> AdvisorIds { get; set; } = [];
    public bool RegistrationOpen { get; set; } = true;
    public string? Notes { get; set; }
}

public sealed record SessionSaveResult(WorkshopSession? Session, Dictionary<string, string[]> Errors, IReadOnlyList<Registration> Promoted)
{
    public bool Succeeded => Session is not null && Errors.Count == 0;
}

/// <summary>
/// Creates, changes and cancels sessions under the scope of <see cref="WorkshopAccess"/>: the place among the organization's
/// places, advisors of the organization, a capacity never below the seats already given (checked by a conditional update, so
/// a registration arriving meanwhile cannot be lost). A raised capacity promotes people waiting.
/// </summary>
public sealed class SessionEditor(AppDbContext db, ActivityService activities, RegistrationService registrations, AuditLog audit, TimeProvider clock)
{
    public const int MaxCapacity = 200;

    public async Task<SessionSaveResult> SaveAsync(ActivityAccess access, int? id, SessionInput input, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        void Add(string key, string message) => errors[key] = errors.TryGetValue(key, out var e) ? [.. e, message] : [message];

        WorkshopSession? session = null;
        if (id is { } existingId)
        {
            session = await db.WorkshopSessions.Include(s => s.Advisors).FirstOrDefaultAsync(s => s.Id == existingId, ct);
            if (session is null || !access.CanSee(session))
            {
                return new SessionSaveResult(null, new() { [""] = ["Séance introuvable dans votre périmètre."] }, []);
            }

            // A session stays with its organization.
            input.OrganizationId = session.OrganizationId;
            if (session.Status == WorkshopSessionStatus.Cancelled || session.AttendanceClosedAt is not null)
            {
                return new SessionSaveResult(null, new() { [""] = ["Cette séance est annulée ou son émargement est clos : elle ne se modifie plus."] }, []);
            }
        }

        var organizations = await access.SchedulingOrganizationIds(db).ToListAsync(ct);
        var organizationId = input.OrganizationId ?? (organizations.Count == 1 ? organizations[0] : null);
        if (organizationId is not { } org || (session is null && !organizations.Contains(org)))
        {
            Add(nameof(SessionInput.OrganizationId), "Choisissez la structure qui organise la séance.");
            return new SessionSaveResult(null, errors, []);
        }

        var type = input.WorkshopTypeId is { } typeId ? await access.Catalogue(db).AsNoTracking().FirstOrDefaultAsync(t => t.Id == typeId, ct) : null;
        if (type is null || (!type.IsActive && session?.WorkshopTypeId != type.Id) || (type.OrganizationId is { } owner && owner != org))
        {
            Add(nameof(SessionInput.WorkshopTypeId), "Choisissez un atelier du catalogue.");
        }

        if (input.PlaceId is not { } placeId || !await activities.PlacesOf(org).AnyAsync(p => p.Id == placeId, ct))
        {
            Add(nameof(SessionInput.PlaceId), "Choisissez un lieu de la structure.");
        }

        DateTimeOffset? start = null, end = null;
        if (input.Date is not { } date)
        {
            Add(nameof(SessionInput.Date), "Indiquez la date de la séance.");
        }
        else if (input.StartTime is not { } startTime)
        {
            Add(nameof(SessionInput.StartTime), "Indiquez l'heure de début.");
        }
        else
        {
            start = Paris(date, startTime);
            var endTime = input.EndTime ?? (type is null ? startTime.AddHours(2) : startTime.AddMinutes(type.DurationMinutes));
            end = Paris(date, endTime);
            if (end <= start)
            {
                Add(nameof(SessionInput.EndTime), "L'heure de fin doit suivre l'heure de début, le même jour.");
            }
            else if ((end.Value - start.Value).TotalMinutes > ActivityLabels.MaxDurationMinutes)
            {
                Add(nameof(SessionInput.EndTime), "Une séance dure au plus 8 heures.");
            }

            if (start <= now && (session is null || start != session.Start))
            {
                Add(nameof(SessionInput.Date), "La séance doit commencer dans le futur.");
            }
        }

        var minimum = session?.ConfirmedCount ?? 0;
        if (input.Capacity is not { } capacity || capacity < 1 || capacity > MaxCapacity)
        {
            Add(nameof(SessionInput.Capacity), $"Indiquez un nombre de places entre 1 et {MaxCapacity}.");
        }
        else if (capacity < minimum)
        {
            Add(nameof(SessionInput.Capacity), $"{minimum} personnes sont déjà inscrites : le nombre de places ne peut pas descendre en dessous.");
        }

        var advisors = await WorkshopAccess.AdvisorsOfAsync(db, org, ct);
        var chosen = input.AdvisorIds.Where(a => !string.IsNullOrWhiteSpace(a)).Distinct().ToList();
        if (chosen.Count == 0)
        {
            Add(nameof(SessionInput.AdvisorIds), "Choisissez au moins un conseiller ou une conseillère qui anime la séance.");
        }
        else if (chosen.Any(a => advisors.All(x => x.Id != a)))
        {
            Add(nameof(SessionInput.AdvisorIds), "Les animateurs sont choisis parmi les conseillers de la structure.");
        }

        var notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
        if (notes is { Length: > 500 })
        {
            Add(nameof(SessionInput.Notes), "Les notes ne doivent pas dépasser 500 caractères.");
        }

        if (errors.Count > 0)
        {
            return new SessionSaveResult(null, errors, []);
        }

        if (session is null)
        {
            session = new WorkshopSession { OrganizationId = org, CreatedAt = now, Capacity = input.Capacity!.Value };
            db.WorkshopSessions.Add(session);
        }

        session.WorkshopTypeId = type!.Id;
        session.PlaceId = input.PlaceId!.Value;
        session.Start = start!.Value;
        session.End = end!.Value;
        session.RegistrationOpen = input.RegistrationOpen;
        session.Notes = notes;
        session.Advisors.RemoveAll(a => !chosen.Contains(a.AdvisorId));
        session.Advisors.AddRange(chosen.Where(a => session.Advisors.All(x => x.AdvisorId != a)).Select(a => new WorkshopSessionAdvisor { AdvisorId = a }));

        IReadOnlyList<Registration> promoted;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (session.Id != 0)
        {
            // The capacity changes only if it still covers the seats given, read under the session's lock.
            var seats = input.Capacity!.Value;
            if (await db.WorkshopSessions.Where(s => s.Id == session.Id && s.ConfirmedCount <= seats)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Capacity, seats), ct) == 0)
            {
                return new SessionSaveResult(null, new() { [nameof(SessionInput.Capacity)] = ["Des personnes viennent de s'inscrire : le nombre de places ne peut pas descendre en dessous des inscrits."] }, []);
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new SessionSaveResult(null, new() { [""] = ["Quelqu'un d'autre a modifié cette séance entre-temps : rechargez la page."] }, []);
        }

        audit.Record(AuditActions.WorkshopSessionChanged, "seance", session.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{type.Title}, {ParisTime.Format(session.Start)}, {input.Capacity} places");
        await db.SaveChangesAsync(ct);
        promoted = await registrations.PromoteWaitingAsync(session.Id, now, ct);
        await transaction.CommitAsync(ct);
        return new SessionSaveResult(session, [], promoted);
    }

    /// <summary>Cancels a session; returns the live registrations to notify (empty when already cancelled or out of scope).</summary>
    public async Task<IReadOnlyList<Registration>?> CancelAsync(ActivityAccess access, int id, CancellationToken ct = default)
    {
        var session = await db.WorkshopSessions.AsNoTracking().Include(s => s.Advisors).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null || !access.CanSee(session) || session.AttendanceClosedAt is not null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.WorkshopSessions.Where(s => s.Id == id && s.Status == WorkshopSessionStatus.Scheduled)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, WorkshopSessionStatus.Cancelled).SetProperty(x => x.RegistrationOpen, false), ct);
        if (changed == 0)
        {
            return [];
        }

        var live = await db.Registrations.AsNoTracking().Where(r => r.WorkshopSessionId == id && r.Status != RegistrationStatus.Cancelled).ToListAsync(ct);
        audit.Record(AuditActions.WorkshopSessionChanged, "seance", id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Séance annulée, {live.Count} personnes prévenues");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return live;
    }

    public static DateTimeOffset Paris(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, ParisTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
