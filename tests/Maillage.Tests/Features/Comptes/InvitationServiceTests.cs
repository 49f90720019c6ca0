using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Comptes;

/// <summary>The invitation e-mail goes through real SMTP (the test server) and its link's token is the only key to the account.</summary>
[Trait("Category", "Database")]
public class InvitationServiceTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private async Task<(string Email, int OrganizationId)> InviteAsync()
    {
        var org = await factory.CreateOrganizationAsync();
        var email = TestData.NewEmail("invitation");
        await factory.WithScopeAsync(sp => sp.GetRequiredService<InvitationService>()
            .CreateAndSendAsync(email, "Inès Invitée", Role.Conseiller, null, org.Id, null, "https://maillage.exemple.test"));
        return (email, org.Id);
    }

    [Fact]
    public async Task TheInvitationEmailReachesTheInviteeWithALinkCarryingItsToken()
    {
        var (email, _) = await InviteAsync();

        var mail = await Mailbox.WaitForAsync(email);

        Assert.Equal("Votre invitation à rejoindre Maillage", mail.Subject);
        Assert.Contains("Bonjour Inès Invitée,", mail.TextBody);
        var link = Assert.Single(mail.Links);
        Assert.StartsWith("https://maillage.exemple.test/invitation?jeton=", link);
        var token = Uri.UnescapeDataString(link[(link.IndexOf('=') + 1)..]);
        var stored = await factory.WithDbAsync(db => db.Invitations.AsNoTracking().SingleAsync(i => i.Email == email));
        Assert.Equal(Maillage.Shared.Security.SecretTokens.Hash(token), stored.TokenHash);
    }

    [Fact]
    public async Task AcceptingWithTheEmailedTokenCreatesTheAccountAndItsGrantOnce()
    {
        var (email, orgId) = await InviteAsync();
        var link = Assert.Single((await Mailbox.WaitForAsync(email)).Links);
        var token = Uri.UnescapeDataString(link[(link.IndexOf('=') + 1)..]);

        IdentityResult? result = null;
        await factory.WithScopeAsync(async sp =>
        {
            var invitations = sp.GetRequiredService<InvitationService>();
            var invitation = await invitations.FindValidAsync(token);
            Assert.NotNull(invitation);
            result = await invitations.AcceptAsync(invitation, "Un-mot-de-passe-solide-2026");
        });

        Assert.True(result!.Succeeded);
        var user = await factory.WithDbAsync(db => db.Users.Include(u => u.Grants).AsNoTracking().SingleAsync(u => u.Email == email));
        var grant = Assert.Single(user.Grants);
        Assert.Equal((Role.Conseiller, (int?)orgId), (grant.Role, grant.OrganizationId));
        Assert.Single(await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.InvitationAccepted && a.TargetId == user.Id).ToListAsync()));
        await factory.WithScopeAsync(async sp => Assert.Null(await sp.GetRequiredService<InvitationService>().FindValidAsync(token)));
    }

    [Fact]
    public async Task AnUnknownTokenFindsNoInvitation()
    {
        await factory.WithScopeAsync(async sp =>
        {
            var invitations = sp.GetRequiredService<InvitationService>();
            Assert.Null(await invitations.FindValidAsync("jeton-inconnu"));
            Assert.Null(await invitations.FindValidAsync(""));
            Assert.Null(await invitations.FindValidAsync(new string('a', 201)));
        });
    }
}
