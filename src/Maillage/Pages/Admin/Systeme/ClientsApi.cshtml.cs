using System.ComponentModel.DataAnnotations;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Systeme;

/// <summary>API clients: created with one role and scope, token shown once, revocable.</summary>
public sealed class ClientsApiModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record Row(int Id, string Name, Role Role, string? Place, string TokenPrefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    [BindProperty]
    [Required(ErrorMessage = "Donnez un nom au client (l'application qui l'utilisera).")]
    [StringLength(200, MinimumLength = 2, ErrorMessage = "Le nom comporte entre 2 et 200 caractères.")]
    [Display(Name = "Nom du client")]
    public string? Name { get; set; }

    [BindProperty]
    public GrantInput Grant { get; set; } = new();

    public GrantChoices Choices { get; private set; } = null!;
    public List<Row> Clients { get; private set; } = [];
    public string? NewToken { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var scope = await scopes.GetAsync();
        var (_, _, errors) = await GrantRules.ResolveAsync(db, scope, Grant);
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError($"Grant.{field}", message);
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var (client, token, error) = await ApiClients.CreateAsync(db, audit, clock, Name!, Grant.Role!.Value.ToString(),
            Roles.IsOrganizationRole(Grant.Role!.Value) || Grant.Role == Role.Administrateur ? null : Grant.TerritoryCode?.Trim(),
            Roles.IsOrganizationRole(Grant.Role!.Value) ? Grant.OrganizationId : null);
        if (error is not null)
        {
            ModelState.AddModelError(string.Empty, error);
            await LoadAsync();
            return Page();
        }

        NewToken = token;
        Name = null;
        Grant = new GrantInput();
        ModelState.Clear();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, bool confirme)
    {
        var client = await db.ApiClients.FirstOrDefaultAsync(c => c.Id == id && c.RevokedAt == null);
        if (client is null)
        {
            return NotFound();
        }

        if (!confirme)
        {
            TempData["Message"] = "Cochez la case de confirmation pour révoquer ce client.";
            return RedirectToPage();
        }

        client.RevokedAt = clock.GetUtcNow();
        audit.Record(AuditActions.ApiClientRevoked, "client-api", id.ToString(System.Globalization.CultureInfo.InvariantCulture), client.Name);
        await db.SaveChangesAsync();
        TempData["Message"] = $"Client « {client.Name} » révoqué : son jeton est refusé dès maintenant.";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Choices = await GrantChoices.LoadAsync(db, await scopes.GetAsync());
        Clients = await db.ApiClients.AsNoTracking().OrderBy(c => c.RevokedAt != null).ThenBy(c => c.Name)
            .Select(c => new Row(c.Id, c.Name, c.Role, c.Organization != null ? c.Organization.Name : c.Territory != null ? c.Territory.Name : null, c.TokenPrefix, c.CreatedAt, c.LastUsedAt, c.RevokedAt))
            .ToListAsync();
    }
}
