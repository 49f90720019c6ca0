using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel;

/// <summary>/materiel/reserver?objet= or ?valise=: a structure asks for an item or a kit; when taken, it may join the waiting list.</summary>
public sealed class ReserverModel(AppDbContext db, ScopeAccessor scopes, ReservationService reservations, FleetService fleet) : LendingPageModel(db, scopes)
{
    [BindProperty]
    public ReservationInput Input { get; set; } = new();

    public string TargetName { get; private set; } = "";
    public string? TargetDetail { get; private set; }
    public List<(int Id, string Name)> Borrowers { get; private set; } = [];
    public List<(DateOnly Start, DateOnly End)> Taken { get; private set; } = [];

    /// <summary>Set when the days are taken: the page then offers the waiting list.</summary>
    public string? TakenMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? objet, int? valise, DateOnly? du, DateOnly? au, CancellationToken ct)
    {
        Input = new ReservationInput { ItemId = valise is null ? objet : null, KitId = valise, StartDate = du, EndDate = au ?? du };
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var result = await reservations.RequestAsync(Access, Input, UserId, await fleet.ActorNameAsync(User, ct), UserEmail, ct);
        switch (result.Outcome)
        {
            case LendingOutcome.Saved:
                TempData["Message"] = result.Reservation!.Status == ReservationStatus.Waiting
                    ? "Vous êtes sur la liste d'attente : si le matériel se libère, votre demande passe à la coordination et vous recevez un e-mail."
                    : "Votre demande est envoyée : la coordination la valide ou la refuse, et vous recevez sa réponse par e-mail.";
                return Redirect($"/materiel/reservations/{result.Reservation.Id}");
            case LendingOutcome.Taken:
                TakenMessage = result.FirstError;
                break;
            default:
                AddErrors(result.Errors, "Input.");
                break;
        }

        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        Borrowers = await reservations.BorrowersAsync(access, ct);
        var today = reservations.Today;
        IQueryable<ReservationLine> lines;
        if (Input.KitId is { } kitId)
        {
            var kit = await Db.Kits.AsNoTracking().Where(k => k.Id == kitId && k.IsActive).Select(k => new { k.Name, k.AssetTag, k.Description, Count = k.Items.Count }).FirstOrDefaultAsync(ct);
            if (kit is null)
            {
                return false;
            }

            TargetName = $"{kit.Name} ({kit.AssetTag})";
            TargetDetail = $"{kit.Count} objets prêtés ensemble. {kit.Description}";
            lines = Db.ReservationLines.Where(l => l.Item!.KitId == kitId);
        }
        else if (Input.ItemId is { } itemId)
        {
            var item = await ReservationService.Catalogue(Db.Items.AsNoTracking()).Where(i => i.Id == itemId)
                .Select(i => new { i.AssetTag, i.Model, Category = i.Category!.Name, i.Status }).FirstOrDefaultAsync(ct);
            if (item is null)
            {
                return false;
            }

            TargetName = $"{item.Model} ({item.AssetTag})";
            TargetDetail = $"{item.Category} — {FleetText.Status(item.Status).ToLowerInvariant()}.";
            lines = Db.ReservationLines.Where(l => l.ItemId == itemId);
        }
        else
        {
            return false;
        }

        var taken = await lines.Where(l => l.Holds && l.EndDate >= today).Select(l => new { l.StartDate, l.EndDate }).Distinct()
            .OrderBy(l => l.StartDate).Take(20).ToListAsync(ct);
        Taken = [.. taken.Select(t => (t.StartDate, t.EndDate))];
        return true;
    }
}
