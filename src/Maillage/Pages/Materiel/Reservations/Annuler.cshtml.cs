using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Materiel.Reservations;

/// <summary>The confirmation step before a reservation is cancelled (its days go back to others, or to the waiting list).</summary>
public sealed class AnnulerModel(AppDbContext db, ScopeAccessor scopes, ReservationService reservations, FleetService fleet) : LendingPageModel(db, scopes)
{
    public Reservation Reservation { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var reservation = await reservations.LoadAsync(await AccessAsync(ct), id, ct);
        if (reservation is null)
        {
            return NotFound();
        }

        Reservation = reservation;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var result = await reservations.CancelAsync(await AccessAsync(ct), id, UserId, await fleet.ActorNameAsync(User, ct), ct);
        if (result.Outcome == LendingOutcome.NotFound)
        {
            return NotFound();
        }

        TempData["Message"] = result.Outcome == LendingOutcome.Saved ? "Réservation annulée : les dates sont libérées." : result.FirstError;
        return Redirect($"/materiel/reservations/{id}");
    }
}
