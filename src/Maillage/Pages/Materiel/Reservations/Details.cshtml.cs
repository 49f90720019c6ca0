using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel.Reservations;

/// <summary>/materiel/reservations/{id}: the request, its decision, its loan; the next step is one button.</summary>
public sealed class DetailsModel(AppDbContext db, ScopeAccessor scopes, ReservationService reservations, FleetService fleet) : LendingPageModel(db, scopes)
{
    public Reservation Reservation { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public bool CanCancel { get; private set; }
    public DateOnly Today { get; private set; }
    public List<MaintenanceTicket> Tickets { get; private set; } = [];

    [BindProperty]
    public string? DecisionNote { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostApproveAsync(int id, uint version, CancellationToken ct) => DecideAsync(id, true, version, ct);

    public Task<IActionResult> OnPostRefuseAsync(int id, uint version, CancellationToken ct) => DecideAsync(id, false, version, ct);

    private async Task<IActionResult> DecideAsync(int id, bool approve, uint version, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var result = await reservations.DecideAsync(Access, id, approve, DecisionNote, version, UserId, await fleet.ActorNameAsync(User, ct), ct);
        switch (result.Outcome)
        {
            case LendingOutcome.NotFound:
                return NotFound();
            case LendingOutcome.Saved:
                TempData["Message"] = approve ? "Demande validée : la structure est prévenue par e-mail." : "Demande refusée : la structure est prévenue par e-mail, avec votre message.";
                return Redirect($"/materiel/reservations/{id}");
        }

        AddErrors(result.Errors);
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        Today = reservations.Today;
        var reservation = await reservations.LoadAsync(access, id, ct);
        if (reservation is null)
        {
            return false;
        }

        Reservation = reservation;
        CanManage = ReservationService.CanManage(access, reservation);
        CanCancel = reservation.Status is ReservationStatus.Pending or ReservationStatus.Approved or ReservationStatus.Waiting;
        var ids = reservation.Lines.Select(l => l.ItemId).ToList();
        Tickets = await Db.MaintenanceTickets.AsNoTracking().Where(t => t.ReservationId == id).Include(t => t.Item).OrderBy(t => t.Id).ToListAsync(ct);
        return true;
    }
}
