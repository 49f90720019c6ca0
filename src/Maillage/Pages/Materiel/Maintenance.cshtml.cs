using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel;

public sealed class PlanForm
{
    public int? OrganizationId { get; set; }
    public int? CategoryId { get; set; }
    public string? Name { get; set; }
    public string? Instructions { get; set; }
    public int? EveryMonths { get; set; }
    public bool AfterEachLoan { get; set; }
}

/// <summary>/materiel/maintenance: open tickets (close them), open one by tag, and the recurring plans.</summary>
public sealed class MaintenanceModel(AppDbContext db, ScopeAccessor scopes, MaintenanceService maintenance, FleetService fleet) : LendingPageModel(db, scopes)
{
    public Paged<MaintenanceTicket> Tickets { get; private set; } = new([], 1, 25, 0);
    public List<MaintenancePlan> Plans { get; private set; } = [];
    public List<(int Id, string Name)> Owners { get; private set; } = [];
    public List<(int Id, string Name)> Categories { get; private set; } = [];
    public MaintenancePlan? StopCandidate { get; private set; }

    [BindProperty]
    public string? Tag { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Details { get; set; }

    [BindProperty]
    public string? Resolution { get; set; }

    [BindProperty]
    public PlanForm Plan { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int? objet, int? arreter, int? page, CancellationToken ct)
    {
        await LoadAsync(page, ct);
        if (objet is { } itemId)
        {
            Tag = await Access.Items(Db.Items).Where(i => i.Id == itemId).Select(i => i.AssetTag).FirstOrDefaultAsync(ct);
        }

        StopCandidate = Plans.FirstOrDefault(p => p.Id == arreter);
        return Page();
    }

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken ct)
    {
        await LoadAsync(1, ct);
        var normalized = string.IsNullOrWhiteSpace(Tag) ? "" : AssetTags.Normalize(Tag);
        var itemId = await Access.Items(Db.Items).Where(i => i.AssetTag == normalized).Select(i => (int?)i.Id).FirstOrDefaultAsync(ct);
        if (itemId is null)
        {
            ModelState.AddModelError(nameof(Tag), normalized.Length == 0 ? "Indiquez l'étiquette de l'objet (par exemple TAB-0042)." : $"Aucun objet de votre parc ne porte l'étiquette « {normalized} ».");
            return Page();
        }

        var result = await maintenance.OpenAsync(Access, itemId.Value, Reason, Details, UserId, await fleet.ActorNameAsync(User, ct), ct);
        if (result.Value is null)
        {
            AddErrors(result.Errors);
            return Page();
        }

        TempData["Message"] = $"Ticket ouvert : {normalized} n'est plus proposé au prêt jusqu'à sa clôture.";
        return Redirect("/materiel/maintenance");
    }

    public async Task<IActionResult> OnPostCloseAsync(int ticket, CancellationToken ct)
    {
        var error = await maintenance.CloseAsync(await AccessAsync(ct), ticket, Resolution, UserId, await fleet.ActorNameAsync(User, ct), ct);
        TempData["Message"] = error ?? "Ticket clos : l'objet est de nouveau disponible s'il n'a plus d'autre ticket ouvert.";
        return Redirect("/materiel/maintenance");
    }

    public async Task<IActionResult> OnPostPlanAsync(CancellationToken ct)
    {
        await LoadAsync(1, ct);
        var organizationId = Plan.OrganizationId ?? (Owners.Count == 1 ? Owners[0].Id : null);
        var result = await maintenance.CreatePlanAsync(Access, organizationId, Plan.CategoryId, Plan.Name, Plan.Instructions, Plan.EveryMonths, Plan.AfterEachLoan, ct);
        if (result.Value is null)
        {
            AddErrors(result.Errors, "Plan.");
            return Page();
        }

        TempData["Message"] = $"Plan « {result.Value.Name} » créé.";
        return Redirect("/materiel/maintenance");
    }

    public async Task<IActionResult> OnPostStopAsync(int plan, CancellationToken ct)
    {
        var stopped = await maintenance.ArchivePlanAsync(await AccessAsync(ct), plan, ct);
        TempData["Message"] = stopped ? "Plan arrêté : il n'ouvrira plus de tickets. Les tickets déjà ouverts restent à clore." : "Ce plan n'existe pas ou est déjà arrêté.";
        return Redirect("/materiel/maintenance");
    }

    private async Task LoadAsync(int? page, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var open = Db.MaintenanceTickets.AsNoTracking().Where(t => t.Status == MaintenanceStatus.Open && access.Items(Db.Items).Any(i => i.Id == t.ItemId));
        var (number, size) = Paging.Normalize(page, 25);
        var total = await open.CountAsync(ct);
        var rows = await open.Include(t => t.Item).OrderBy(t => t.OpenedAt).ThenBy(t => t.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        Tickets = new Paged<MaintenanceTicket>(rows, number, size, total);
        var ids = access.OrganizationIds;
        Plans = await Db.MaintenancePlans.AsNoTracking().Include(p => p.Category).Where(p => p.IsActive && (ids == null || ids.Contains(p.OrganizationId))).OrderBy(p => p.Name).ToListAsync(ct);
        Owners = await fleet.OwnersAsync(access, ct);
        var categories = await Db.ItemCategories.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ThenBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        Categories = [.. categories.Select(c => (c.Id, c.Name))];
    }
}
