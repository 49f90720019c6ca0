using Maillage.Features.Comptes;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Compte;

public sealed class InvitationModel(InvitationService invitations, SignInManager<AppUser> signIn, UserManager<AppUser> users) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Jeton { get; set; }

    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    public Invitation? Invitation { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Invitation = await invitations.FindValidAsync(Jeton);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Invitation = await invitations.FindValidAsync(Jeton);
        if (Invitation is null)
        {
            return Page();
        }

        if (await users.FindByEmailAsync(Invitation.Email) is not null)
        {
            ModelState.AddModelError(string.Empty, "Un compte existe déjà pour cette adresse : connectez-vous, ou utilisez « Mot de passe oublié ».");
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await invitations.AcceptAsync(Invitation, Input.Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : string.Empty, error.Description);
            }

            return Page();
        }

        var user = await users.FindByEmailAsync(Invitation.Email);
        await signIn.SignInAsync(user!, isPersistent: false);
        TempData["Message"] = "Bienvenue ! Votre compte est créé.";
        return Redirect("/compte");
    }
}
