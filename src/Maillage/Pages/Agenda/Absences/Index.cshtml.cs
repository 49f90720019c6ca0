using System.Globalization;
using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Features.Audit;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Absences;

/// <summary>
/// Absences (an advisor away: no slot anywhere) and closures (a place closed: no slot there for anyone), once or every week
/// until a day. Advisors declare their own; Structure accounts and the coordination those of their advisors and places.
/// </summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes, PermanenceService permanences, AuditLog audit, TimeProvider clock) : AgendaPageModel(db, scopes)
{
    public sealed class AbsenceForm
    {
        /// <summary>"absence" or "fermeture".</summary>
        public string Kind { get; set; } = "absence";
        public string? AdvisorId { get; set; }
        public int? PlaceId { get; set; }
        public DateOnly? StartDate { get; set; }
        public TimeOnly? StartTime { get; set; }
        public DateOnly? EndDate { get; set; }
        public TimeOnly? EndTime { get; set; }
        public DateOnly? RepeatWeeklyUntil { get; set; }
        public string? Reason { get; set; }
    }

    public sealed record Row(int Id, string Who, bool Closure, DateTimeOffset Start, DateTimeOffset End, DateOnly? RepeatWeeklyUntil, string? Reason);

    [BindProperty]
    public AbsenceForm Form { get; set; } = new();

    public Paged<Row> Rows { get; private set; } = null!;
    public IReadOnlyList<(string UserId, string Name, int OrganizationId)> Advisors { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Places { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? page, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.CanUseAgenda)
        {
            return Forbid();
        }

        var today = AgendaText.ParisDate(clock.GetUtcNow());
        Form = new AbsenceForm { StartDate = today, StartTime = new TimeOnly(8, 0), EndDate = today, EndTime = new TimeOnly(19, 0) };
        await LoadAsync(access, page, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.CanUseAgenda)
        {
            return Forbid();
        }

        var shape = ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key).ToList();
        ModelState.Clear();
        foreach (var key in shape)
        {
            ModelState.AddModelError(key, key.EndsWith("Time", StringComparison.Ordinal) ? "Écrivez une heure au format 09:30." : "Écrivez une date au format jj/mm/aaaa.");
        }

        await LoadAsync(access, null, ct);
        var closure = Form.Kind == "fermeture";
        string? advisorId = null;
        int? placeId = null;
        if (closure)
        {
            if (Form.PlaceId is not { } p || Places.All(x => x.Id != p))
            {
                ModelState.AddModelError("Form.PlaceId", "Choisissez un lieu que vous gérez.");
            }
            else
            {
                placeId = p;
            }
        }
        else
        {
            advisorId = Form.AdvisorId is { Length: > 0 } chosen ? chosen : access.IsAdvisor ? access.UserId : null;
            if (advisorId is null || (advisorId != access.UserId && Advisors.All(a => a.UserId != advisorId)) || (advisorId == access.UserId && !access.IsAdvisor))
            {
                ModelState.AddModelError("Form.AdvisorId", "Choisissez un conseiller ou une conseillère de votre structure.");
            }
        }

        if (Form.StartDate is null && !ModelState.ContainsKey("Form.StartDate"))
        {
            ModelState.AddModelError("Form.StartDate", "Indiquez le premier jour.");
        }

        if (Form.EndDate is null && !ModelState.ContainsKey("Form.EndDate"))
        {
            ModelState.AddModelError("Form.EndDate", "Indiquez le dernier jour.");
        }

        DateTimeOffset? start = Form.StartDate is { } sd ? SlotCalculator.ToInstant(sd, Form.StartTime ?? TimeOnly.MinValue)?.ToUniversalTime() : null;
        DateTimeOffset? end = Form.EndDate is { } ed ? SlotCalculator.ToInstant(ed, Form.EndTime ?? new TimeOnly(23, 59))?.ToUniversalTime() : null;
        if (start is not null && end is not null && end <= start)
        {
            ModelState.AddModelError("Form.EndDate", "La fin doit être après le début.");
        }

        if (Form.RepeatWeeklyUntil is { } until)
        {
            if (start is { } s && end is { } e && e - s >= TimeSpan.FromDays(7))
            {
                ModelState.AddModelError("Form.RepeatWeeklyUntil", "Une absence répétée chaque semaine dure moins d'une semaine.");
            }
            else if (Form.StartDate is { } first && until < first)
            {
                ModelState.AddModelError("Form.RepeatWeeklyUntil", "La répétition doit finir après le premier jour.");
            }
        }

        var reason = string.IsNullOrWhiteSpace(Form.Reason) ? null : Form.Reason.Trim();
        if (reason is { Length: > 200 })
        {
            ModelState.AddModelError("Form.Reason", "Le motif ne doit pas dépasser 200 caractères.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var absence = new Absence
        {
            AdvisorId = advisorId,
            PlaceId = placeId,
            Start = start!.Value,
            End = end!.Value,
            RepeatWeeklyUntil = Form.RepeatWeeklyUntil,
            Reason = reason,
            CreatedById = access.UserId,
            CreatedAt = clock.GetUtcNow(),
        };
        Db.Absences.Add(absence);
        await using var transaction = await Db.Database.BeginTransactionAsync(ct);
        await Db.SaveChangesAsync(ct);
        audit.Record(AuditActions.AbsenceChanged, closure ? "fermeture" : "absence", absence.Id.ToString(CultureInfo.InvariantCulture),
            $"Création : du {ParisTime.Format(absence.Start)} au {ParisTime.Format(absence.End)}{(absence.RepeatWeeklyUntil is { } r ? $", chaque semaine jusqu'au {r:dd/MM/yyyy}" : "")}");
        await Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        TempData["Message"] = closure ? "Fermeture enregistrée : aucun rendez-vous ne sera proposé dans ce lieu pendant ce temps." : "Absence enregistrée : aucun rendez-vous ne sera proposé pendant ce temps.";
        return Redirect("/agenda/absences");
    }

    private async Task LoadAsync(AgendaAccess access, int? page, CancellationToken ct)
    {
        var scope = access.Activities.Scope;
        Advisors = access.IsManager ? await permanences.AdvisorsAsync(access, ct) : [];
        Places = scope.CanManagePlaces
            ? [.. (await scope.ManagedPlaces(Db.Places.AsNoTracking()).Where(p => p.MergedIntoId == null).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).Take(300).ToListAsync(ct)).Select(p => (p.Id, p.Name))]
            : [];
        var now = clock.GetUtcNow();
        var today = AgendaText.ParisDate(now);
        var q = AbsenceScope.Changeable(Db, access, scope).AsNoTracking().Where(a => a.End > now || (a.RepeatWeeklyUntil != null && a.RepeatWeeklyUntil >= today));
        var (number, size) = Paging.Normalize(page, 50);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(a => a.Start).Skip((number - 1) * size).Take(size)
            .Select(a => new { a.Id, a.AdvisorId, Place = a.Place != null ? a.Place.Name : null, a.Start, a.End, a.RepeatWeeklyUntil, a.Reason })
            .ToListAsync(ct);
        var ids = rows.Where(r => r.AdvisorId != null).Select(r => r.AdvisorId!).Distinct().ToList();
        var names = await Db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        Rows = new Paged<Row>([.. rows.Select(r => new Row(r.Id, r.AdvisorId is { } a ? names.GetValueOrDefault(a, "?") : r.Place ?? "?", r.AdvisorId is null, r.Start, r.End, r.RepeatWeeklyUntil, r.Reason))], number, size, total);
    }
}
