using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel.Kits;

public sealed record KitRow(int Id, string Name, string AssetTag, int Items, int Available);

/// <summary>/materiel/kits: the kits of the user's fleet, and the form to create one.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes, FleetService fleet, KitService kits) : PageModel
{
    public List<KitRow> Rows { get; private set; } = [];
    public List<(int Id, string Name)> Owners { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public int? OrganizationId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasFleet)
        {
            return Forbid();
        }

        await LoadAsync(access, ct);
        OrganizationId ??= Owners.Count == 1 ? Owners[0].Id : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasFleet)
        {
            return Forbid();
        }

        var result = await kits.CreateAsync(access, OrganizationId, Name, Description, ct);
        if (result.Value is { } kit)
        {
            TempData["Message"] = $"Kit « {kit.Name} » créé avec l'étiquette {kit.AssetTag} : ajoutez-y ses objets.";
            return Redirect($"/materiel/kits/{kit.Id}");
        }

        foreach (var (field, messages) in result.Errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field, message);
            }
        }

        await LoadAsync(access, ct);
        return Page();
    }

    private async Task LoadAsync(FleetAccess access, CancellationToken ct)
    {
        Owners = await fleet.OwnersAsync(access, ct);
        Rows = await access.Kits(db.Kits.AsNoTracking()).OrderBy(k => k.Name)
            .Select(k => new KitRow(k.Id, k.Name, k.AssetTag, k.Items.Count, k.Items.Count(i => i.Status == ItemStatus.Available))).ToListAsync(ct);
    }
}
