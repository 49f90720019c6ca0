using System.ComponentModel.DataAnnotations;
using System.Text;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Email;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;

namespace Maillage.Pages.Compte;

[EnableRateLimiting(RateLimits.Authentication)]
public sealed class MotDePasseOublieModel(UserManager<AppUser> users, IMailer mailer, AuditLog audit, IConfiguration configuration, ILogger<MotDePasseOublieModel> logger) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Saisissez votre adresse e-mail.")]
    [EmailAddress(ErrorMessage = "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.")]
    [Display(Name = "Adresse e-mail")]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Email!.Trim());
        if (user is { IsActive: true })
        {
            var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
            var link = $"{Request.PublicBaseUrl(configuration)}/mot-de-passe/reinitialiser?email={Uri.EscapeDataString(user.Email!)}&code={token}";
            try
            {
                await mailer.SendAsync(new OutgoingMail(user.Email!, "Réinitialiser votre mot de passe Maillage", $"""
                    Bonjour {user.DisplayName},

                    Une demande de réinitialisation du mot de passe de votre compte Maillage a été faite.
                    Pour choisir un nouveau mot de passe, ouvrez ce lien (valable 2 heures) :
                    {link}

                    Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.
                    """));
            }
            catch (Exception e) when (MailFailures.IsDeliveryFailure(e))
            {
                // Same answer whether the account exists or not; the failure is for the administrators' logs.
                logger.LogError(e, "Password reset e-mail could not be sent");
            }

            await audit.WriteAsync(AuditActions.PasswordResetRequested, "utilisateur", user.Id, actorId: user.Id, actorName: user.Email);
        }

        // Same answer whether the account exists or not: the page must not reveal who has an account.
        Sent = true;
        return Page();
    }
}
