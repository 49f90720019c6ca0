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
public sealed class ConnexionModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, SignInEvents events, IOptions<IdentityOptions> identityOptions) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Saisissez votre adresse e-mail.")]
        [EmailAddress(ErrorMessage = "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.")]
        [Display(Name = "Adresse e-mail")]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Saisissez votre mot de passe.")]
        [DataType(DataType.Password)]
        [Display(Name = "Mot de passe")]
        public string? Password { get; set; }

        [Display(Name = "Rester connecté·e sur cet appareil")]
        public bool RememberMe { get; set; }
    }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(SignInEvents.SafeReturnUrl(ReturnUrl, Url)) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email!.Trim();
        var user = await users.FindByEmailAsync(email);
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Input.Password!, Input.RememberMe, lockoutOnFailure: true);
        if (user is { IsActive: false } && !result.IsLockedOut)
        {
            result = Microsoft.AspNetCore.Identity.SignInResult.NotAllowed;
        }

        await events.RecordAsync(result, user);
        if (result.Succeeded)
        {
            return LocalRedirect(SignInEvents.SafeReturnUrl(ReturnUrl, Url));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Compte/ConnexionDeuxFacteurs", new { ReturnUrl, Input.RememberMe });
        }

        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? SignInEvents.LockoutMessage(identityOptions.Value)
            : result.IsNotAllowed
                ? "Ce compte est désactivé. Adressez-vous à la coordination de votre réseau."
                : "Adresse e-mail ou mot de passe incorrect.");
        return Page();
    }
}
