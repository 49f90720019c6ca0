using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Materiel;

/// <summary>What the lending pages share: the user's fleet access, their id and name for the history, errors into ModelState.</summary>
public abstract class LendingPageModel(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    protected AppDbContext Db => db;

    public FleetAccess Access { get; private set; } = null!;

    protected async Task<FleetAccess> AccessAsync(CancellationToken ct) => Access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);

    /// <summary>The reservation when the user manages its lender (check-out, check-in); null otherwise (the page answers 404).</summary>
    protected async Task<Reservation?> ManagedReservationAsync(ReservationService reservations, int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var reservation = await reservations.LoadAsync(access, id, ct);
        return reservation is not null && ReservationService.CanManage(access, reservation) ? reservation : null;
    }

    protected string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    protected string? UserEmail => User.FindFirstValue(ClaimTypes.Email);

    protected void AddErrors(IReadOnlyDictionary<string, string[]> errors, string prefix = "")
    {
        foreach (var (key, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(key.Length == 0 ? "" : prefix + key, message);
            }
        }
    }
}
