using System.ComponentModel.DataAnnotations;
using System.Text;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;

namespace Maillage.Pages.Compte;

[EnableRateLimiting(RateLimits.Authentication)]
public sealed class ReinitialiserMotDePasseModel(UserManager<AppUser> users, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    public bool Done { get; private set; }

    public IActionResult OnGet() => string.IsNullOrEmpty(Email) || string.IsNullOrEmpty(Code) ? RedirectToPage("/Compte/MotDePasseOublie") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = string.IsNullOrEmpty(Email) ? null : await users.FindByEmailAsync(Email);
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Code ?? ""));
        }
        catch (FormatException)
        {
            token = "";
        }

        if (user is not { IsActive: true } || token.Length == 0)
        {
            ModelState.AddModelError(string.Empty, "Ce lien n'est pas valide ou a expiré : demandez-en un nouveau.");
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, token, Input.Password!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : string.Empty, error.Description);
            }

            return Page();
        }

        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await audit.WriteAsync(AuditActions.PasswordReset, "utilisateur", user.Id, actorId: user.Id, actorName: user.Email);
        Done = true;
        return Page();
    }
}

public sealed class NewPasswordInput
{
    [Required(ErrorMessage = "Choisissez un mot de passe.")]
    [StringLength(200, MinimumLength = 12, ErrorMessage = "Le mot de passe doit comporter au moins 12 caractères.")]
    [DataType(DataType.Password)]
    [Display(Name = "Nouveau mot de passe")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Confirmez le mot de passe.")]
    [Compare(nameof(Password), ErrorMessage = "Les deux mots de passe ne sont pas identiques.")]
    [DataType(DataType.Password)]
    [Display(Name = "Confirmer le mot de passe")]
    public string? Confirmation { get; set; }
}
