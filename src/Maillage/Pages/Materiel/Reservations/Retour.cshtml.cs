using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Materiel.Reservations;

/// <summary>/materiel/reservations/{id}/retour: condition, accessories back, damage; a missing accessory or a damage opens maintenance.</summary>
public sealed class RetourModel(AppDbContext db, ScopeAccessor scopes, ReservationService reservations, FleetService fleet) : LendingPageModel(db, scopes)
{
    public Reservation Reservation { get; private set; } = null!;

    [BindProperty]
    public CheckInInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Input.Lines = [.. Reservation.Lines.Select(l => new LineCheck
        {
            ItemId = l.ItemId,
            Condition = l.ConditionOut ?? l.Item!.Condition,
            Accessories = [.. (l.AccessoriesOut ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)],
        })];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var result = await reservations.CheckInAsync(Access, id, Input, UserId, await fleet.ActorNameAsync(User, ct), ct);
        if (result.Outcome == LendingOutcome.Saved)
        {
            var maintenance = result.Reservation!.Lines.Count(l => l.Item!.Status == ItemStatus.InMaintenance);
            TempData["Message"] = maintenance == 0
                ? "Retour enregistré : le matériel est de nouveau disponible."
                : $"Retour enregistré. {maintenance} objet{(maintenance > 1 ? "s partent" : " part")} en maintenance et {(maintenance > 1 ? "ne sont plus proposés" : "n'est plus proposé")} au prêt jusqu'à la clôture du ticket.";
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
