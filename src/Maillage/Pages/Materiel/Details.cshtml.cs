using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel;

/// <summary>/materiel/{id}: one item, its accessories, its kit, its full history (newest first).</summary>
public sealed class DetailsModel(AppDbContext db, ScopeAccessor scopes, ReservationService reservations) : PageModel
{
    public const int HistoryPageSize = 50;

    public Item Item { get; private set; } = null!;
    public string OrganizationName { get; private set; } = "";
    public List<ItemEvent> History { get; private set; } = [];
    public int HistoryTotal { get; private set; }

    /// <summary>The loan this scan is about: one to check out today, or one to check in.</summary>
    public (int Id, bool CheckIn)? Current { get; private set; }
    public List<(int Id, DateOnly Start, DateOnly End, ReservationStatus Status, string Borrower)> Upcoming { get; private set; } = [];
    public List<MaintenanceTicket> OpenTickets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var item = await access.Items(db.Items.AsNoTracking()).Include(i => i.Category).Include(i => i.HomePlace).Include(i => i.Kit).Include(i => i.Accessories)
            .FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return NotFound();
        }

        Item = item;
        OrganizationName = await db.Organizations.Where(o => o.Id == item.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var history = db.ItemEvents.AsNoTracking().Where(e => e.ItemId == id);
        HistoryTotal = await history.CountAsync(ct);
        History = await history.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(HistoryPageSize).ToListAsync(ct);
        Current = await reservations.CurrentForItemAsync(access, id, ct);
        var today = reservations.Today;
        var upcoming = await db.ReservationLines.AsNoTracking().Where(l => l.ItemId == id && l.Holds && l.EndDate >= today).OrderBy(l => l.StartDate).Take(10)
            .Select(l => new { l.ReservationId, l.StartDate, l.EndDate, l.Item!.Id, Status = db.Reservations.Where(r => r.Id == l.ReservationId).Select(r => r.Status).First(), Borrower = db.Reservations.Where(r => r.Id == l.ReservationId).Select(r => r.Borrower!.Name).First() })
            .ToListAsync(ct);
        Upcoming = [.. upcoming.Select(u => (u.ReservationId, u.StartDate, u.EndDate, u.Status, u.Borrower))];
        OpenTickets = await db.MaintenanceTickets.AsNoTracking().Where(t => t.ItemId == id && t.Status == MaintenanceStatus.Open).OrderBy(t => t.OpenedAt).ToListAsync(ct);
        return Page();
    }
}
