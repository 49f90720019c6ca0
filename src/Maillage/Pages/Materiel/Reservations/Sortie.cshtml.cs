using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Materiel.Reservations;

/// <summary>/materiel/reservations/{id}/sortie: who takes it, the condition and accessories of each item, the agreement accepted.</summary>
public sealed class SortieModel(AppDbContext db, ScopeAccessor scopes, ReservationService reservations, FleetService fleet) : LendingPageModel(db, scopes)
{
    public Reservation Reservation { get; private set; } = null!;

    [BindProperty]
    public CheckOutInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        // By default every accessory is ticked and the condition is the item's: the usual case is one click.
        Input.Lines = [.. Reservation.Lines.Select(l => new LineCheck { ItemId = l.ItemId, Condition = l.Item!.Condition, Accessories = [.. l.Item.Accessories.Select(a => a.Name)] })];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var result = await reservations.CheckOutAsync(Access, id, Input, UserId, await fleet.ActorNameAsync(User, ct), ct);
        if (result.Outcome == LendingOutcome.Saved)
        {
            TempData["Message"] = $"Matériel sorti : retour prévu le {Reservation.EndDate:dd/MM/yyyy}.";
            return Redirect($"/materiel/reservations/{id}");
        }

        AddErrors(result.Errors, "Input.");
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await ManagedReservationAsync(reservations, id, ct) is not { } reservation)
        {
            return false;
        }

        Reservation = reservation;
        return true;
    }
}
