using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Shared.Email;
using Maillage.Shared.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Comptes;

/// <summary>Invitations by e-mail: create, resend (new token, new expiry), revoke, accept (creates the account and its grant).</summary>
public sealed class InvitationService(
    AppDbContext db,
    UserManager<AppUser> users,
    IMailer mailer,
    AuditLog audit,
    TimeProvider clock,
    IConfiguration configuration)
{
    public TimeSpan Validity => TimeSpan.FromDays(configuration.GetValue("Security:InvitationDays", 7));

    public async Task<Invitation> CreateAndSendAsync(string email, string displayName, Role role, int? territoryId, int? organizationId, string? invitedById, string baseUrl, CancellationToken ct = default)
    {
        var token = SecretTokens.New();
        var now = clock.GetUtcNow();
        var invitation = new Invitation
        {
            Email = email.Trim(),
            DisplayName = displayName.Trim(),
            Role = role,
            TerritoryId = territoryId,
            OrganizationId = organizationId,
            TokenHash = SecretTokens.Hash(token),
            CreatedAt = now,
            ExpiresAt = now + Validity,
            InvitedById = invitedById,
            SendCount = 1,
        };
        db.Invitations.Add(invitation);
        audit.Record(AuditActions.InvitationSent, "invitation", null, $"{Roles.Label(role)} pour {invitation.Email}");
        await db.SaveChangesAsync(ct);
        await SendAsync(invitation, token, baseUrl, ct);
        return invitation;
    }

    public async Task ResendAsync(Invitation invitation, string baseUrl, CancellationToken ct = default)
    {
        var token = SecretTokens.New();
        invitation.TokenHash = SecretTokens.Hash(token);
        invitation.ExpiresAt = clock.GetUtcNow() + Validity;
        invitation.SendCount++;
        audit.Record(AuditActions.InvitationSent, "invitation", invitation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"renvoi à {invitation.Email}");
        await db.SaveChangesAsync(ct);
        await SendAsync(invitation, token, baseUrl, ct);
    }

    public async Task<Invitation?> FindValidAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return null;
        }

        var hash = SecretTokens.Hash(token);
        var now = clock.GetUtcNow();
        var invitation = await db.Invitations.Include(i => i.Organization).Include(i => i.Territory).FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        return invitation is { AcceptedAt: null, RevokedAt: null } && invitation.ExpiresAt > now ? invitation : null;
    }

    /// <summary>Creates the account and its grant in one transaction; returns Identity's errors if the password is refused.</summary>
    public async Task<IdentityResult> AcceptAsync(Invitation invitation, string password, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new AppUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            DisplayName = invitation.DisplayName,
            CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return result;
        }

        db.Grants.Add(new Grant
        {
            UserId = user.Id,
            Role = invitation.Role,
            TerritoryId = invitation.TerritoryId,
            OrganizationId = invitation.OrganizationId,
            GrantedAt = clock.GetUtcNow(),
        });
        invitation.AcceptedAt = clock.GetUtcNow();
        audit.Record(AuditActions.InvitationAccepted, "utilisateur", user.Id, Roles.Label(invitation.Role), actorId: user.Id, actorName: user.Email);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return IdentityResult.Success;
    }

    private async Task SendAsync(Invitation invitation, string token, string baseUrl, CancellationToken ct)
    {
        if (invitation.OrganizationId is not null)
        {
            await db.Entry(invitation).Reference(i => i.Organization).LoadAsync(ct);
        }

        if (invitation.TerritoryId is not null)
        {
            await db.Entry(invitation).Reference(i => i.Territory).LoadAsync(ct);
        }

        var link = $"{baseUrl.TrimEnd('/')}/invitation?jeton={Uri.EscapeDataString(token)}";
        var scope = invitation.Organization?.Name ?? invitation.Territory?.Name;
        var text = $"""
            Bonjour {invitation.DisplayName},

            Vous êtes invité·e à rejoindre Maillage, l'outil du réseau d'inclusion numérique, en tant que {Roles.Label(invitation.Role)}{(scope is null ? "" : $" ({scope})")}.

            Pour créer votre compte, ouvrez ce lien et choisissez votre mot de passe :
            {link}

            Ce lien est valable jusqu'au {Shared.Web.ParisTime.Format(invitation.ExpiresAt)}. Si vous n'attendiez pas cette invitation, ignorez ce message.
            """;
        await mailer.SendAsync(new OutgoingMail(invitation.Email, "Votre invitation à rejoindre Maillage", text), ct);
    }
}
