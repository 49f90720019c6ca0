using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Email;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin;

public sealed class InvitationsModel(AppDbContext db, ScopeAccessor scopes, InvitationService invitations, AuditLog audit, TimeProvider clock, IConfiguration configuration, ILogger<InvitationsModel> logger) : PageModel
{
    public sealed record Row(int Id, string DisplayName, string Email, Role Role, string? Place, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt, DateTimeOffset? RevokedAt, int SendCount);

    public Paged<Row> Invitations { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string Statut { get; set; } = "en-cours";

    public async Task OnGetAsync(int? page)
    {
        Now = clock.GetUtcNow();
        var query = await VisibleAsync();
        query = Statut switch
        {
            "acceptees" => query.Where(i => i.AcceptedAt != null),
            "expirees" => query.Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt <= Now),
            "annulees" => query.Where(i => i.RevokedAt != null),
            _ => query.Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > Now),
        };
        var (p, size) = Paging.Normalize(page, Paging.DefaultPageSize);
        var total = await query.CountAsync();
        var items = await query.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Skip((p - 1) * size).Take(size)
            .Select(i => new Row(i.Id, i.DisplayName, i.Email, i.Role, i.Organization != null ? i.Organization.Name : i.Territory != null ? i.Territory.Name : null, i.CreatedAt, i.ExpiresAt, i.AcceptedAt, i.RevokedAt, i.SendCount))
            .ToListAsync();
        Invitations = new Paged<Row>(items, p, size, total);
    }

    public async Task<IActionResult> OnPostResendAsync(int id)
    {
        var invitation = await (await VisibleAsync()).FirstOrDefaultAsync(i => i.Id == id && i.AcceptedAt == null && i.RevokedAt == null);
        if (invitation is null)
        {
            return NotFound();
        }

        try
        {
            await invitations.ResendAsync(invitation, Request.PublicBaseUrl(configuration));
            TempData["Message"] = $"Invitation renvoyée à {invitation.Email}, valable {invitations.Validity.TotalDays:0} jours.";
        }
        catch (Exception e) when (MailFailures.IsDeliveryFailure(e))
        {
            logger.LogError(e, "Invitation e-mail could not be resent");
            TempData["Message"] = "L'e-mail n'a pas pu partir (serveur de messagerie injoignable). Réessayez plus tard.";
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, bool confirme)
    {
        var invitation = await (await VisibleAsync()).FirstOrDefaultAsync(i => i.Id == id && i.AcceptedAt == null && i.RevokedAt == null);
        if (invitation is null)
        {
            return NotFound();
        }

        if (!confirme)
        {
            TempData["Message"] = "Cochez la case de confirmation pour annuler l'invitation.";
            return RedirectToPage();
        }

        invitation.RevokedAt = clock.GetUtcNow();
        audit.Record(AuditActions.InvitationRevoked, "invitation", id.ToString(System.Globalization.CultureInfo.InvariantCulture), invitation.Email);
        await db.SaveChangesAsync();
        TempData["Message"] = $"Invitation de {invitation.Email} annulée : son lien ne fonctionne plus.";
        return RedirectToPage();
    }

    /// <summary>Administrators see every invitation; coordinators those for places they manage.</summary>
    private async Task<IQueryable<Invitation>> VisibleAsync()
    {
        var scope = await scopes.GetAsync();
        if (scope.IsAdministrator)
        {
            return db.Invitations;
        }

        var orgIds = scope.ManagedOrganizations(db.Organizations).Select(o => o.Id);
        var territoryIds = scope.ManagedTerritories(db.Territories).Select(t => t.Id);
        return db.Invitations.Where(i => (i.OrganizationId != null && orgIds.Contains(i.OrganizationId.Value)) || (i.TerritoryId != null && territoryIds.Contains(i.TerritoryId.Value)));
    }
}
