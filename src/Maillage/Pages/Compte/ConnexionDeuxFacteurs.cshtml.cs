using System.ComponentModel.DataAnnotations;
using Maillage.Features.Comptes;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Maillage.Pages.Compte;

[EnableRateLimiting(RateLimits.Authentication)]
public sealed class ConnexionDeuxFacteursModel(SignInManager<AppUser> signIn, SignInEvents events, IOptions<IdentityOptions> identityOptions) : PageModel
{
    [BindProperty]
    public CodeInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    public sealed class CodeInput
    {
        [Required(ErrorMessage = "Saisissez le code à 6 chiffres de votre application, ou un code de secours.")]
        [StringLength(20, MinimumLength = 6, ErrorMessage = "Le code comporte 6 chiffres (ou 11 caractères pour un code de secours).")]
        [Display(Name = "Code de vérification")]
        public string? Code { get; set; }
    }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Compte/Connexion") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Compte/Connexion");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = Input.Code!.Replace(" ", "").Replace("-", "").Trim();
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(Input.Code!.Replace(" ", "").Trim());
        await events.RecordAsync(result, user);
        if (result.Succeeded)
        {
            return LocalRedirect(SignInEvents.SafeReturnUrl(ReturnUrl, Url));
        }

        ModelState.AddModelError("Input.Code", result.IsLockedOut ? SignInEvents.LockoutMessage(identityOptions.Value) : "Ce code n'est pas valide. Vérifiez l'heure de votre téléphone et saisissez le code affiché maintenant.");
        return Page();
    }
}
