using Maillage.Data;
using Maillage.Features.Audit;
using Microsoft.AspNetCore.Identity;

namespace Maillage.Features.Comptes;

/// <summary>What happens around a sign-in attempt, the same for the password step and the second-factor step.</summary>
public sealed class SignInEvents(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task RecordAsync(SignInResult result, AppUser? user)
    {
        var target = user?.Id;
        if (result.Succeeded && user is not null)
        {
            user.LastLoginAt = clock.GetUtcNow();
            audit.Record(AuditActions.Login, "utilisateur", target, null, actorId: user.Id, actorName: user.Email);
        }
        else if (result.IsLockedOut)
        {
            audit.Record(AuditActions.LockedOut, "utilisateur", target, null, actorId: user?.Id, actorName: user?.Email ?? "inconnu");
        }
        else if (!result.RequiresTwoFactor)
        {
            // For an unknown account the typed text is not kept: people sometimes type their password in the e-mail field.
            audit.Record(AuditActions.LoginFailed, "utilisateur", target, user is null ? "compte inconnu" : null, actorId: user?.Id ?? "anonyme", actorName: user?.Email ?? "inconnu");
        }

        await db.SaveChangesAsync();
    }

    public static string LockoutMessage(IdentityOptions options) =>
        $"Ce compte est temporairement verrouillé après {options.Lockout.MaxFailedAccessAttempts} tentatives infructueuses. " +
        $"Réessayez dans {options.Lockout.DefaultLockoutTimeSpan.TotalMinutes:0} minutes ou réinitialisez votre mot de passe.";

    public static string SafeReturnUrl(string? returnUrl, Microsoft.AspNetCore.Mvc.IUrlHelper url) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
