using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel;

/// <summary>The confirmation step of a status set by hand (maintenance, hors service, réformé, remis en service), with a reason.</summary>
public sealed class StatutModel(AppDbContext db, ScopeAccessor scopes, FleetService fleet) : PageModel
{
    public static readonly IReadOnlyList<(string Slug, ItemStatus Status, string Verb)> Actions =
    [
        ("maintenance", ItemStatus.InMaintenance, "Mettre en maintenance"),
        ("hors-service", ItemStatus.OutOfService, "Déclarer hors service"),
        ("reforme", ItemStatus.Retired, "Réformer"),
        ("disponible", ItemStatus.Available, "Remettre en service"),
    ];

    public Item Item { get; private set; } = null!;
    public (string Slug, ItemStatus Status, string Verb) Action { get; private set; }
    public string? Refusal { get; private set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, string valeur, CancellationToken ct) => await LoadAsync(id, valeur, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, string valeur, CancellationToken ct)
    {
        if (!await LoadAsync(id, valeur, ct))
        {
            return NotFound();
        }

        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var result = await fleet.ChangeStatusAsync(access, id, Action.Status, Reason, await fleet.ActorNameAsync(User, ct), ct);
        switch (result.Outcome)
        {
            case FleetOutcome.NotFound:
                return NotFound();
            case FleetOutcome.Saved:
                TempData["Message"] = $"{Item.AssetTag} est maintenant « {FleetText.Status(Action.Status).ToLowerInvariant()} ».";
                return Redirect($"/materiel/{id}");
        }

        foreach (var (key, messages) in result.Errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(key, message);
            }
        }

        return Page();
    }

    private async Task<bool> LoadAsync(int id, string slug, CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var item = await access.Items(db.Items.AsNoTracking()).Include(i => i.Category).FirstOrDefaultAsync(i => i.Id == id, ct);
        var action = Actions.FirstOrDefault(a => a.Slug == slug);
        if (item is null || action.Slug is null)
        {
            return false;
        }

        Item = item;
        Action = action;
        Refusal = FleetService.ManualTargets(item.Status).Contains(action.Status) ? null : $"Impossible depuis le statut « {FleetText.Status(item.Status).ToLowerInvariant()} ».";
        return true;
    }
}
