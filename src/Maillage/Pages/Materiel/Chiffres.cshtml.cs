using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Materiel;

/// <summary>/materiel/chiffres: the lending's figures over a period (this year by default).</summary>
public sealed class ChiffresModel(AppDbContext db, ScopeAccessor scopes, LendingFigures figures, ReservationService reservations) : LendingPageModel(db, scopes)
{
    public LendingFiguresResult Figures { get; private set; } = null!;
    public string? PeriodError { get; private set; }

    public async Task<IActionResult> OnGetAsync(DateOnly? du, DateOnly? au, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var today = reservations.Today;
        var from = du ?? new DateOnly(today.Year, 1, 1);
        var to = au ?? new DateOnly(today.Year, 12, 31);
        if (to < from || to.DayNumber - from.DayNumber > 3660)
        {
            PeriodError = to < from ? LendingMessages.EndBeforeStart : "La période ne peut pas dépasser dix ans.";
            from = new DateOnly(today.Year, 1, 1);
            to = new DateOnly(today.Year, 12, 31);
        }

        Figures = await figures.ComputeAsync(access, from, to, today, ct);
        return Page();
    }
}
