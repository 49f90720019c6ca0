using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Agenda;

/// <summary>
/// The agenda of one advisor, a day or a week at a time (previous / next by links, no script needed), with the no-show rate
/// of the last 90 days: the advisor's own, and per advisor for those who manage them.
/// </summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes, PermanenceService permanences, AppointmentStatusService appointments, TimeProvider clock) : AgendaPageModel(db, scopes)
{
    public const int FigureDays = 90;

    public bool DayView { get; private set; }
    public DateOnly Date { get; private set; }
    public DateOnly Today { get; private set; }
    public DateOnly First { get; private set; }
    public IReadOnlyList<AgendaDay> Days { get; private set; } = [];
    public IReadOnlyList<(string UserId, string Name, int OrganizationId)> Advisors { get; private set; } = [];
    public string? AdvisorId { get; private set; }
    public string? AdvisorName { get; private set; }
    public IReadOnlyList<NoShowFigure> Figures { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? vue, DateOnly? date, string? conseiller, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.CanUseAgenda)
        {
            // Elected officials (Lecteur) read figures only.
            return access.Activities.CanSeeStatistics ? Redirect("/agenda/chiffres") : Forbid();
        }

        if (access.IsAdvisor)
        {
            await access.OwnProfileAsync(Db, clock, ct);
        }

        var now = clock.GetUtcNow();
        Today = AgendaText.ParisDate(now);
        Date = date ?? Today;
        DayView = vue == "jour";
        Advisors = access.IsManager ? await permanences.AdvisorsAsync(access, ct) : [];
        AdvisorId = conseiller is { Length: > 0 } && Advisors.Any(a => a.UserId == conseiller) ? conseiller
            : access.IsAdvisor ? access.UserId : Advisors.Select(a => a.UserId).FirstOrDefault();
        if (conseiller is { Length: > 0 } && conseiller != AdvisorId && conseiller != access.UserId)
        {
            return NotFound();
        }

        AdvisorName = Advisors.FirstOrDefault(a => a.UserId == AdvisorId).Name;
        First = DayView ? Date : AgendaText.Monday(Date);
        if (AdvisorId is not null)
        {
            Days = await AgendaView.LoadAsync(Db, AdvisorId, First, DayView ? 1 : 7, ct);
        }

        var figuresFor = access.IsManager ? null : access.UserId;
        Figures = await appointments.NoShowAsync(access, now.AddDays(-FigureDays), now, figuresFor, ct);
        return Page();
    }

    public string Link(string? view, DateOnly date) =>
        $"/agenda?vue={view ?? (DayView ? "jour" : "semaine")}&date={date:yyyy-MM-dd}{(AdvisorId is not null && AdvisorId != Access.UserId ? "&conseiller=" + Uri.EscapeDataString(AdvisorId) : "")}";
}
