using Maillage.Data;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Agenda;

/// <summary>The no-show rate per organization over a period: figures only, for readers (Lecteur) and those who manage.</summary>
public sealed class ChiffresModel(AppDbContext db, ScopeAccessor scopes, AppointmentStatusService service, TimeProvider clock) : AgendaPageModel(db, scopes)
{
    public int Days { get; private set; }
    public IReadOnlyList<NoShowFigure> Figures { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? jours, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.Activities.CanSeeStatistics)
        {
            return Forbid();
        }

        Days = jours is 30 or 90 or 365 ? jours.Value : 90;
        var now = clock.GetUtcNow();
        Figures = await service.NoShowByOrganizationAsync(access.Activities.AggregateOrganizationIds, now.AddDays(-Days), now, ct);
        return Page();
    }
}
