using System.ComponentModel.DataAnnotations;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Compte;

public sealed class MotDePasseModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Saisissez votre mot de passe actuel.")]
    [DataType(DataType.Password)]
    [Display(Name = "Mot de passe actuel")]
    public string? Current { get; set; }

    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await users.ChangePasswordAsync(user, Current!, Input.Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(Current) : "Input.Password", error.Description);
            }

            return Page();
        }

        await audit.WriteAsync(AuditActions.PasswordReset, "utilisateur", user.Id, "changement par l'utilisateur");
        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = "Votre mot de passe a été changé.";
        return Redirect("/compte");
    }
}
