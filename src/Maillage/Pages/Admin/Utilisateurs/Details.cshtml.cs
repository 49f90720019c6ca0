using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Utilisateurs;

/// <summary>A staff account: its grants (add, remove) and its activation, each change audited.</summary>
public sealed class DetailsModel(AppDbContext db, ScopeAccessor scopes, UserManager<AppUser> users, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record GrantRow(int Id, Role Role, string Place, bool CanRemove);

    public AppUser Account { get; private set; } = null!;
    public List<GrantRow> Grants { get; private set; } = [];
    public GrantChoices Choices { get; private set; } = null!;
    public bool IsSelf { get; private set; }

    [BindProperty]
    public GrantInput Grant { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddGrantAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var scope = await scopes.GetAsync();
        var (territoryId, organizationId, errors) = await GrantRules.ResolveAsync(db, scope, Grant);
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError($"Grant.{field}", message);
        }

        if (ModelState.IsValid && await db.Grants.AnyAsync(g => g.UserId == id && g.Role == Grant.Role && g.TerritoryId == territoryId && g.OrganizationId == organizationId))
        {
            ModelState.AddModelError("Grant.Role", "Ce compte a déjà ce droit.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        db.Grants.Add(new Grant { UserId = id, Role = Grant.Role!.Value, TerritoryId = territoryId, OrganizationId = organizationId, GrantedAt = clock.GetUtcNow() });
        audit.Record(AuditActions.GrantAdded, "utilisateur", id, Roles.Label(Grant.Role!.Value) + " " + (Grant.TerritoryCode ?? $"structure {organizationId}"));
        await db.SaveChangesAsync();
        await users.UpdateSecurityStampAsync(Account);
        TempData["Message"] = "Droit ajouté.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRemoveGrantAsync(string id, int grantId, bool confirme)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var row = Grants.FirstOrDefault(g => g.Id == grantId);
        if (row is null || !row.CanRemove)
        {
            return NotFound();
        }

        if (!confirme)
        {
            TempData["Message"] = "Cochez la case de confirmation pour retirer ce droit.";
            return RedirectToPage(new { id });
        }

        if (row.Role == Role.Administrateur && await db.Grants.CountAsync(g => g.Role == Role.Administrateur && g.User!.IsActive) <= 1)
        {
            TempData["Message"] = "Impossible de retirer le dernier droit Administrateur de l'instance.";
            return RedirectToPage(new { id });
        }

        await db.Grants.Where(g => g.Id == grantId).ExecuteDeleteAsync();
        await audit.WriteAsync(AuditActions.GrantRemoved, "utilisateur", id, $"{Roles.Label(row.Role)} — {row.Place}");
        await users.UpdateSecurityStampAsync(Account);
        TempData["Message"] = "Droit retiré.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostActivationAsync(string id, bool activer, bool confirme)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        if (IsSelf)
        {
            TempData["Message"] = "Vous ne pouvez pas désactiver votre propre compte.";
            return RedirectToPage(new { id });
        }

        if (!activer && !confirme)
        {
            TempData["Message"] = "Cochez la case de confirmation pour désactiver ce compte.";
            return RedirectToPage(new { id });
        }

        if (!Grants.All(g => g.CanRemove))
        {
            // Deactivating someone also removes access granted elsewhere: only who manages all their grants may do it.
            TempData["Message"] = "Ce compte a aussi des droits hors de votre périmètre : seul un administrateur peut le désactiver.";
            return RedirectToPage(new { id });
        }

        Account.IsActive = activer;
        Account.DeactivatedAt = activer ? null : clock.GetUtcNow();
        audit.Record(activer ? AuditActions.UserReactivated : AuditActions.UserDeactivated, "utilisateur", id);
        await db.SaveChangesAsync();
        await users.UpdateSecurityStampAsync(Account);
        TempData["Message"] = activer ? "Compte réactivé." : "Compte désactivé : la personne ne peut plus se connecter.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string id)
    {
        var scope = await scopes.GetAsync();
        var account = await scope.Users(db.Users).FirstOrDefaultAsync(u => u.Id == id);
        if (account is null)
        {
            return false;
        }

        Account = account;
        IsSelf = account.Id == scope.UserId;
        var grants = await db.Grants.AsNoTracking().Where(g => g.UserId == id)
            .Select(g => new
            {
                g.Id,
                g.Role,
                Place = g.Organization != null ? g.Organization.Name : g.Territory != null ? g.Territory.Name : "toute l'instance",
                Path = g.Organization != null ? g.Organization.Territory!.Path : g.Territory != null ? g.Territory.Path : null,
            })
            .ToListAsync();
        Grants = grants.Select(g => new GrantRow(g.Id, g.Role, g.Place,
            !(IsSelf && g.Role == Role.Administrateur) && (g.Path is null ? scope.IsAdministrator : scope.ManagesTerritoryPath(g.Path)))).ToList();
        Choices = await GrantChoices.LoadAsync(db, scope);
        return true;
    }
}
