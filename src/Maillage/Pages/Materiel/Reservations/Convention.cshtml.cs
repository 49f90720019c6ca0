using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel.Reservations;

/// <summary>The printable loan agreement: the parties, the items with their accessories, the days, the commitments, signatures.</summary>
public sealed class ConventionModel(AppDbContext db, ScopeAccessor scopes, ReservationService reservations) : LendingPageModel(db, scopes)
{
    public Reservation Reservation { get; private set; } = null!;
    public string Lender { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var reservation = await reservations.LoadAsync(await AccessAsync(ct), id, ct);
        if (reservation is null)
        {
            return NotFound();
        }

        Reservation = reservation;
        Lender = await Db.Organizations.Where(o => o.Id == reservation.LenderOrganizationId).Select(o => o.Name).FirstAsync(ct);
        return Page();
    }
}
