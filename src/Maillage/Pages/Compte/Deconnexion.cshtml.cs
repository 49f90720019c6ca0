using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Compte;

public sealed class DeconnexionModel(SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Page() : Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await audit.WriteAsync(AuditActions.Logout, "utilisateur", signIn.UserManager.GetUserId(User));
        }

        await signIn.SignOutAsync();
        TempData["Message"] = "Vous êtes déconnecté·e.";
        return Redirect("/connexion");
    }
}
