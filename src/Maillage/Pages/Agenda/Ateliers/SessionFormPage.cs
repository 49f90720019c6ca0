using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Ateliers;

/// <summary>The session form (programmer / modifier): the choices of the organization, then <see cref="SessionEditor"/>.</summary>
public abstract class SessionFormPage(AppDbContext db, ScopeAccessor scopes, SessionEditor editor, ActivityService activities, WorkshopMails mails) : StaffPage(db, scopes)
{
    [BindProperty]
    public SessionInput Input { get; set; } = new();

    public int? SessionId { get; protected set; }

    public List<(int Id, string Name)> Organizations { get; private set; } = [];

    public List<(int Id, string Title, int Duration, int Capacity)> Types { get; private set; } = [];

    public List<(int Id, string Name)> Places { get; private set; } = [];

    public List<AdvisorChoice> Advisors { get; private set; } = [];

    protected async Task LoadChoicesAsync(int? organizationId, CancellationToken ct)
    {
        var ids = await Access.SchedulingOrganizationIds(Db).ToListAsync(ct);
        Organizations = [.. (await Db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Name).Take(200).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name))];
        var org = organizationId is { } chosen && ids.Contains(chosen) ? chosen : Organizations.Count > 0 ? Organizations[0].Id : (int?)null;
        Input.OrganizationId ??= org;
        if (org is not { } o)
        {
            return;
        }

        Types = [.. (await Access.Catalogue(Db).AsNoTracking().Where(t => (t.IsActive || t.Id == Input.WorkshopTypeId) && (t.OrganizationId == null || t.OrganizationId == o))
            .OrderBy(t => t.Title).Select(t => new { t.Id, t.Title, t.DurationMinutes, t.DefaultCapacity }).ToListAsync(ct)).Select(t => (t.Id, t.Title, t.DurationMinutes, t.DefaultCapacity))];
        Places = [.. (await activities.PlacesOf(o).AsNoTracking().OrderBy(p => p.Name).Take(500).Select(p => new { p.Id, p.Name }).ToListAsync(ct)).Select(p => (p.Id, p.Name))];
        Advisors = await WorkshopAccess.AdvisorsOfAsync(Db, o, ct);
    }

    protected async Task<IActionResult> SaveAsync(int? id, CancellationToken ct)
    {
        var result = await editor.SaveAsync(Access, id, Input, ct);
        if (!result.Succeeded)
        {
            foreach (var (key, messages) in result.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(key.Length == 0 ? "" : $"Input.{key}", message);
                }
            }

            await LoadChoicesAsync(Input.OrganizationId, ct);
            return Page();
        }

        if (result.Promoted.Count > 0)
        {
            var session = await SessionAsync(result.Session!.Id, ct);
            foreach (var promoted in result.Promoted)
            {
                await mails.SendPromotedAsync(promoted, session!, ct);
            }
        }

        TempData["Message"] = id is null ? "Séance programmée : elle paraît dans l'agenda public." : "Séance modifiée." + (result.Promoted.Count > 0 ? $" {result.Promoted.Count} personne(s) de la liste d'attente inscrite(s)." : "");
        return Redirect($"/agenda/ateliers/{result.Session!.Id}");
    }

    public static SessionInput ToInput(WorkshopSession s)
    {
        var start = ParisTime.ToParis(s.Start);
        var end = ParisTime.ToParis(s.End);
        return new SessionInput
        {
            WorkshopTypeId = s.WorkshopTypeId,
            OrganizationId = s.OrganizationId,
            PlaceId = s.PlaceId,
            Date = DateOnly.FromDateTime(start.DateTime),
            StartTime = TimeOnly.FromDateTime(start.DateTime),
            EndTime = TimeOnly.FromDateTime(end.DateTime),
            Capacity = s.Capacity,
            AdvisorIds = [.. s.Advisors.Select(a => a.AdvisorId)],
            RegistrationOpen = s.RegistrationOpen,
            Notes = s.Notes,
        };
    }
}

public sealed class NouvelleModel(AppDbContext db, ScopeAccessor scopes, SessionEditor editor, ActivityService activities, WorkshopMails mails)
    : SessionFormPage(db, scopes, editor, activities, mails)
{
    public async Task<IActionResult> OnGetAsync(int? structure, CancellationToken ct)
    {
        await AccessAsync(ct);
        if (!Access.CanSchedule())
        {
            return Forbid();
        }

        await LoadChoicesAsync(structure, ct);
        if (Access.UserId is { } self && Advisors.Any(a => a.Id == self))
        {
            Input.AdvisorIds = [self];
        }

        Input.Capacity = 8;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await AccessAsync(ct);
        return Access.CanSchedule() ? await SaveAsync(null, ct) : Forbid();
    }
}

public sealed class ModifierModel(AppDbContext db, ScopeAccessor scopes, SessionEditor editor, ActivityService activities, WorkshopMails mails)
    : SessionFormPage(db, scopes, editor, activities, mails)
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await SessionAsync(id, ct) is not { } session || session.Status == WorkshopSessionStatus.Cancelled || session.AttendanceClosedAt is not null)
        {
            return NotFound();
        }

        SessionId = id;
        Input = ToInput(session);
        await LoadChoicesAsync(session.OrganizationId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await SessionAsync(id, ct) is null)
        {
            return NotFound();
        }

        SessionId = id;
        return await SaveAsync(id, ct);
    }
}
