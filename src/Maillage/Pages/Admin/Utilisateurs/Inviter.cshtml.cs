using System.ComponentModel.DataAnnotations;
using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Email;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Utilisateurs;

public sealed class InviterModel(AppDbContext db, ScopeAccessor scopes, InvitationService invitations, UserManager<AppUser> users, IConfiguration configuration, TimeProvider clock, ILogger<InviterModel> logger) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Saisissez l'adresse e-mail de la personne.")]
    [EmailAddress(ErrorMessage = "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.")]
    [StringLength(256, ErrorMessage = "L'adresse e-mail ne dépasse pas 256 caractères.")]
    [Display(Name = "Adresse e-mail")]
    public string? Email { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Saisissez le nom de la personne.")]
    [StringLength(200, MinimumLength = 2, ErrorMessage = "Le nom comporte entre 2 et 200 caractères.")]
    [Display(Name = "Prénom et nom")]
    public string? DisplayName { get; set; }

    [BindProperty]
    public GrantInput Grant { get; set; } = new();

    public GrantChoices Choices { get; private set; } = null!;

    public async Task OnGetAsync() => Choices = await GrantChoices.LoadAsync(db, await scopes.GetAsync());

    public async Task<IActionResult> OnPostAsync()
    {
        var scope = await scopes.GetAsync();
        Choices = await GrantChoices.LoadAsync(db, scope);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Email!.Trim();
        var (territoryId, organizationId, errors) = await GrantRules.ResolveAsync(db, scope, Grant);
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError($"Grant.{field}", message);
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            ModelState.AddModelError(nameof(Email), "Un compte existe déjà avec cette adresse : ajoutez-lui un droit depuis sa fiche.");
        }
        else if (await PendingInvitationExistsAsync(email))
        {
            ModelState.AddModelError(nameof(Email), "Une invitation est déjà en cours pour cette adresse : renvoyez-la depuis la liste des invitations.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            await invitations.CreateAndSendAsync(email, DisplayName!, Grant.Role!.Value, territoryId, organizationId, scope.UserId, Request.PublicBaseUrl(configuration));
            TempData["Message"] = $"Invitation envoyée à {email}. Le lien est valable {invitations.Validity.TotalDays:0} jours.";
        }
        catch (Exception e) when (MailFailures.IsDeliveryFailure(e))
        {
            logger.LogError(e, "Invitation e-mail could not be sent");
            TempData["Message"] = $"L'invitation pour {email} est enregistrée, mais l'e-mail n'a pas pu partir (serveur de messagerie injoignable). Renvoyez-la depuis la liste des invitations.";
        }

        return Redirect("/admin/invitations");
    }

    private Task<bool> PendingInvitationExistsAsync(string email)
    {
        var now = clock.GetUtcNow();
        return db.Invitations.AnyAsync(i => i.Email == email && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now);
    }
}
