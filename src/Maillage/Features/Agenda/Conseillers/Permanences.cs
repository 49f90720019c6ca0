using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Conseillers;

/// <summary>What the form and the API send for one weekly range of drop-in hours.</summary>
public sealed class PermanenceInput
{
    /// <summary>The advisor (account id); the signed-in advisor when absent.</summary>
    public string? AdvisorId { get; set; }
    public int? PlaceId { get; set; }
    public DayOfWeek? Day { get; set; }
    public TimeOnly? Start { get; set; }
    public TimeOnly? End { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public PermanenceMode? Mode { get; set; }
    public bool ObservesPublicHolidays { get; set; } = true;
    public string? Notes { get; set; }

    public static PermanenceInput From(Permanence p) => new()
    {
        AdvisorId = p.AdvisorId,
        PlaceId = p.PlaceId,
        Day = p.Day,
        Start = p.Start,
        End = p.End,
        ValidFrom = p.ValidFrom,
        ValidUntil = p.ValidUntil,
        Mode = p.Mode,
        ObservesPublicHolidays = p.ObservesPublicHolidays,
        Notes = p.Notes,
    };
}

public enum SaveStatus
{
    Saved,
    Invalid,
    NotFound,
    Conflict,
}

public sealed record SaveResult<T>(SaveStatus Status, T? Value, IReadOnlyDictionary<string, string[]> Errors)
{
    public static SaveResult<T> Invalid(Dictionary<string, string[]> errors) => new(SaveStatus.Invalid, default, errors);

    public static SaveResult<T> Of(SaveStatus status) => new(status, default, new Dictionary<string, string[]>());
}

/// <summary>
/// Drop-in hours: create, change, delete, with their rules (times in order, a place of the advisor's organization, and never
/// two overlapping ranges for one advisor, wherever they are: one person cannot hold two permanences at once).
/// </summary>
public sealed class PermanenceService(AppDbContext db, ActivityService activities, AuditLog audit, TimeProvider clock)
{
    public const int MaxNotesLength = 500;

    /// <summary>Permanences the user reads, with their place and advisor's profile, in week order.</summary>
    public IQueryable<Permanence> Readable(AgendaAccess access) =>
        access.Permanences(db.Permanences.AsNoTracking()).Include(p => p.Place).Include(p => p.AdvisorProfile);

    /// <summary>Advisors whose hours the user may set: themself (advisor), the advisors of the organizations they manage.</summary>
    public async Task<List<(string UserId, string Name, int OrganizationId)>> AdvisorsAsync(AgendaAccess access, CancellationToken ct)
    {
        var rows = await access.Profiles(db.AdvisorProfiles.AsNoTracking()).Where(p => p.IsActive)
            .Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new { p.UserId, u.DisplayName, p.OrganizationId })
            .OrderBy(p => p.DisplayName).ToListAsync(ct);
        return [.. rows.Select(r => (r.UserId, r.DisplayName, r.OrganizationId))];
    }

    public async Task<SaveResult<Permanence>> SaveAsync(AgendaAccess access, int? id, PermanenceInput input, uint? expectedVersion, CancellationToken ct)
    {
        Permanence? permanence = null;
        if (id is { } existingId)
        {
            permanence = await access.Permanences(db.Permanences).Include(p => p.AdvisorProfile).FirstOrDefaultAsync(p => p.Id == existingId, ct);
            if (permanence is null)
            {
                return SaveResult<Permanence>.Of(SaveStatus.NotFound);
            }

            if (expectedVersion is { } v && v != permanence.Version)
            {
                return SaveResult<Permanence>.Of(SaveStatus.Conflict);
            }
        }

        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = errors.TryGetValue(field, out var e) ? [.. e, message] : [message];

        // The advisor: the user themself, or one of the advisors they manage.
        var advisorId = input.AdvisorId is { Length: > 0 } chosen ? chosen : permanence?.AdvisorId ?? access.UserId;
        var profile = advisorId == access.UserId && access.IsAdvisor
            ? await access.OwnProfileAsync(db, clock, ct)
            : await access.Profiles(db.AdvisorProfiles).FirstOrDefaultAsync(p => p.UserId == advisorId && p.IsActive, ct);
        if (profile is null || !access.CanChange(profile))
        {
            Add(nameof(PermanenceInput.AdvisorId), "Choisissez un conseiller ou une conseillère de votre structure.");
        }

        if (input.Day is not { } day || !Enum.IsDefined(day))
        {
            Add(nameof(PermanenceInput.Day), "Choisissez le jour de la semaine.");
        }

        if (input.Start is null)
        {
            Add(nameof(PermanenceInput.Start), "Indiquez l'heure de début.");
        }

        if (input.End is null)
        {
            Add(nameof(PermanenceInput.End), "Indiquez l'heure de fin.");
        }
        else if (input.Start is { } s && input.End <= s)
        {
            Add(nameof(PermanenceInput.End), "L'heure de fin doit être après l'heure de début.");
        }

        if (input.ValidFrom is null)
        {
            Add(nameof(PermanenceInput.ValidFrom), "Indiquez à partir de quel jour la permanence a lieu.");
        }
        else if (input.ValidUntil is { } until && until < input.ValidFrom)
        {
            Add(nameof(PermanenceInput.ValidUntil), "La fin de validité doit être après son début.");
        }

        if (input.Mode is not { } mode || !Enum.IsDefined(mode))
        {
            Add(nameof(PermanenceInput.Mode), "Choisissez : sur rendez-vous ou sans rendez-vous.");
        }

        var notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
        if (notes is { Length: > MaxNotesLength })
        {
            Add(nameof(PermanenceInput.Notes), $"La remarque ne doit pas dépasser {MaxNotesLength} caractères.");
        }

        if (input.PlaceId is not { } placeId)
        {
            Add(nameof(PermanenceInput.PlaceId), "Choisissez le lieu de la permanence.");
        }
        else if (profile is not null && placeId != permanence?.PlaceId && !await activities.PlacesOf(profile.OrganizationId).AnyAsync(p => p.Id == placeId, ct))
        {
            Add(nameof(PermanenceInput.PlaceId), "Ce lieu n'est pas un lieu de votre structure ou de sa commune.");
        }

        if (errors.Count == 0)
        {
            var clash = await OverlapAsync(profile!.UserId, id, input.Day!.Value, input.Start!.Value, input.End!.Value, input.ValidFrom!.Value, input.ValidUntil, ct);
            if (clash is not null)
            {
                Add(nameof(PermanenceInput.Start),
                    $"Cette plage chevauche une autre permanence : le {AgendaText.Day(clash.Day)} {AgendaText.Range(clash.Start, clash.End)} à {clash.Place!.Name}. Changez les horaires ou les dates de validité.");
            }
        }

        if (errors.Count > 0)
        {
            return SaveResult<Permanence>.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        permanence ??= new Permanence { AdvisorId = profile!.UserId, CreatedAt = now };
        permanence.AdvisorId = profile!.UserId;
        permanence.AdvisorProfileId = profile.Id;
        permanence.PlaceId = input.PlaceId!.Value;
        permanence.Day = input.Day!.Value;
        permanence.Start = input.Start!.Value;
        permanence.End = input.End!.Value;
        permanence.ValidFrom = input.ValidFrom!.Value;
        permanence.ValidUntil = input.ValidUntil;
        permanence.Mode = input.Mode!.Value;
        permanence.ObservesPublicHolidays = input.ObservesPublicHolidays;
        permanence.Notes = notes;
        if (permanence.Id == 0)
        {
            db.Permanences.Add(permanence);
        }

        // The place joins the advisor's places: the fiche lieu and the booking find the advisor there.
        if (!await db.AdvisorPlaces.AnyAsync(p => p.AdvisorProfileId == profile.Id && p.PlaceId == permanence.PlaceId, ct))
        {
            db.AdvisorPlaces.Add(new AdvisorPlace { AdvisorProfileId = profile.Id, PlaceId = permanence.PlaceId });
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult<Permanence>.Of(SaveStatus.Conflict);
        }

        audit.Record(AuditActions.PermanenceChanged, "permanence", permanence.Id.ToString(CultureInfo.InvariantCulture),
            $"{(id is null ? "Création" : "Modification")} : {Describe(permanence)}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new SaveResult<Permanence>(SaveStatus.Saved, permanence, new Dictionary<string, string[]>());
    }

    public async Task<bool> DeleteAsync(AgendaAccess access, int id, CancellationToken ct)
    {
        var permanence = await access.Permanences(db.Permanences).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (permanence is null)
        {
            return false;
        }

        // Booked appointments keep their time: they only lose the link to the range (SET NULL).
        db.Permanences.Remove(permanence);
        audit.Record(AuditActions.PermanenceChanged, "permanence", id.ToString(CultureInfo.InvariantCulture), $"Suppression : {Describe(permanence)}");
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Another range of the same advisor on the same weekday whose times and validity periods overlap; null when none.</summary>
    public async Task<Permanence?> OverlapAsync(string advisorId, int? exceptId, DayOfWeek day, TimeOnly start, TimeOnly end, DateOnly validFrom, DateOnly? validUntil, CancellationToken ct)
    {
        var candidates = await db.Permanences.AsNoTracking().Include(p => p.Place)
            .Where(p => p.AdvisorId == advisorId && p.Day == day && (exceptId == null || p.Id != exceptId))
            .ToListAsync(ct);
        return candidates.FirstOrDefault(p =>
            p.Start < end && start < p.End
            && (p.ValidUntil is null || p.ValidUntil >= validFrom)
            && (validUntil is null || validUntil >= p.ValidFrom));
    }

    public static string Describe(Permanence p) =>
        $"le {AgendaText.Day(p.Day)} {AgendaText.Range(p.Start, p.End)}, lieu {p.PlaceId}, {AgendaText.Mode(p.Mode).ToLowerInvariant()}, à partir du {p.ValidFrom:dd/MM/yyyy}{(p.ValidUntil is { } u ? $" jusqu'au {u:dd/MM/yyyy}" : "")}";
}
