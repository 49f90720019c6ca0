using System.Net;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Comptes;

/// <summary>Sign-in, lockout, password reset, invitations, grants and deactivation through the real pages and forms.</summary>
[Trait("Category", "Database")]
public sealed class AccountPagesTests(AccountPagesTests.Factory factory) : IClassFixture<AccountPagesTests.Factory>
{
    public sealed class Factory : MaillageFactory
    {
        public Factory() => WithSetting("RateLimiting:AuthenticationPerMinute", "10000");
    }

    private const string Password = "mot de passe de test solide";

    /// <summary>The page's visible text, entities decoded (Razor encodes apostrophes).</summary>
    private static async Task<string> TextAsync(HttpResponseMessage response) =>
        Forms.Parse(await response.Content.ReadAsStringAsync()).Body?.TextContent ?? "";
    private static string NewEmail(string what) => $"{what}-{Guid.NewGuid():N}@test.maillage.fr";

    private Task<List<AuditEntry>> AuditAsync(string action, string? targetId = null) => factory.WithDbAsync(db =>
        db.AuditEntries.AsNoTracking().Where(e => e.Action == action && (targetId == null || e.TargetId == targetId)).ToListAsync());

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateBrowserClient();
        var response = await factory.LoginAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private async Task<AppUser> AdminAsync()
    {
        await factory.EnsureTerritoriesAsync();
        return await factory.CreateUserAsync(NewEmail("admin"), Password, Role.Administrateur);
    }

    [Fact]
    public async Task SigningInWithTheRightPasswordOpensTheAccountAndIsAudited()
    {
        var email = NewEmail("conseiller");
        var org = await factory.CreateOrganizationAsync();
        var user = await factory.CreateUserAsync(email, Password, Role.Conseiller, organizationId: org.Id, displayName: "Aude Conseillère");

        var client = await SignedInAsync(email);
        var page = await client.GetStringAsync("/compte");

        Assert.Contains("Aude Conseillère", page);
        Assert.Contains(org.Name, page);
        var login = Assert.Single(await AuditAsync(AuditActions.Login, user.Id));
        Assert.Equal(user.Id, login.ActorId);
        Assert.NotNull((await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).LastLoginAt);
    }

    [Fact]
    public async Task AWrongPasswordShowsAFrenchMessageAndIsAudited()
    {
        var email = NewEmail("lecteur");
        var user = await factory.CreateUserAsync(email, Password, Role.Lecteur, territoryCode: MaillageFactory.SaintEtienne);
        var client = factory.CreateBrowserClient();

        var response = await factory.LoginAsync(client, email, "ce n'est pas le bon mot de passe");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Adresse e-mail ou mot de passe incorrect.", await TextAsync(response));
        Assert.Single(await AuditAsync(AuditActions.LoginFailed, user.Id));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/compte")).StatusCode);
    }

    [Fact]
    public async Task AFailedSignInOnAnUnknownAccountIsAuditedWithoutWhatWasTyped()
    {
        var typed = $"peut-etre-un-mot-de-passe-{Guid.NewGuid():N}";

        await factory.LoginAsync(factory.CreateBrowserClient(), typed + "@exemple.fr", "un mot de passe quelconque");

        var entries = await factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.LoginFailed && e.TargetId == null).ToListAsync());
        Assert.NotEmpty(entries);
        Assert.DoesNotContain(entries, e => (e.ActorName + e.Details + e.ActorId).Contains(typed, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountEvenAgainstTheRightPassword()
    {
        var email = NewEmail("verrou");
        var user = await factory.CreateUserAsync(email, Password, Role.Lecteur, territoryCode: MaillageFactory.SaintEtienne);
        var client = factory.CreateBrowserClient();
        for (var i = 0; i < 5; i++)
        {
            await factory.LoginAsync(client, email, $"mauvais mot de passe {i}");
        }

        var response = await factory.LoginAsync(client, email, Password);

        var html = await TextAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("temporairement verrouillé", html);
        Assert.NotEmpty(await AuditAsync(AuditActions.LockedOut, user.Id));
        var locked = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == user.Id));
        Assert.True(locked.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task AFormPostWithoutItsAntiforgeryTokenIsRejected()
    {
        var email = NewEmail("csrf");
        await factory.CreateUserAsync(email, Password, Role.Lecteur, territoryCode: MaillageFactory.SaintEtienne);
        var client = factory.CreateBrowserClient();

        var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/compte")).StatusCode);
    }

    [Fact]
    public async Task AnInvitationIsReceivedByEmailAndItsLinkCreatesTheAccountOnce()
    {
        var admin = await AdminAsync();
        var org = await factory.CreateOrganizationAsync();
        var adminClient = await SignedInAsync(admin.Email!);
        var invited = NewEmail("invite");

        var posted = await Forms.SubmitAsync(adminClient, "/admin/utilisateurs/inviter", new Dictionary<string, string>
        {
            ["DisplayName"] = "Xavier Invité",
            ["Email"] = invited,
            ["Grant.Role"] = nameof(Role.Conseiller),
            ["Grant.OrganizationId"] = org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, "main form[method=post]");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains(invited, await adminClient.GetStringAsync("/admin/invitations"));

        var mail = await Mailbox.WaitForAsync(invited);
        Assert.Equal("Votre invitation à rejoindre Maillage", mail.Subject);
        var link = new Uri(Assert.Single(mail.Links, l => l.Contains("/invitation?jeton=", StringComparison.Ordinal)));

        var newcomer = factory.CreateBrowserClient();
        var accepted = await Forms.SubmitAsync(newcomer, link.PathAndQuery, new Dictionary<string, string>
        {
            ["Input.Password"] = Password,
            ["Input.Confirmation"] = Password,
        }, "main form[method=post]");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/compte", accepted.Headers.Location?.OriginalString);
        var account = await newcomer.GetStringAsync("/compte");
        Assert.Contains("Xavier Invité", account);
        Assert.Contains(org.Name, account);

        var grant = await factory.WithDbAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.User!.Email == invited));
        Assert.Equal(Role.Conseiller, grant.Role);
        Assert.Equal(org.Id, grant.OrganizationId);
        Assert.Single(await AuditAsync(AuditActions.InvitationAccepted, grant.UserId));
        Assert.Contains(await AuditAsync(AuditActions.InvitationSent), e => e.ActorId == admin.Id && e.Details!.Contains(invited, StringComparison.Ordinal));

        var reused = await TextAsync(await factory.CreateBrowserClient().GetAsync(link.PathAndQuery));
        Assert.Contains("Ce lien d'invitation n'est pas valide", reused);
    }

    [Fact]
    public async Task AnInvitationOutsideTheCoordinatorsTerritoryIsRefusedWithAFrenchMessage()
    {
        var coordinatorEmail = NewEmail("coord");
        await factory.CreateUserAsync(coordinatorEmail, Password, Role.Coordinateur, territoryCode: MaillageFactory.SaintChamond);
        var client = await SignedInAsync(coordinatorEmail);

        var response = await Forms.SubmitAsync(client, "/admin/utilisateurs/inviter", new Dictionary<string, string>
        {
            ["DisplayName"] = "Hors périmètre",
            ["Email"] = NewEmail("hors"),
            ["Grant.Role"] = nameof(Role.Lecteur),
            ["Grant.TerritoryCode"] = MaillageFactory.SaintEtienne,
        }, "main form[method=post]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Ce territoire est hors de votre périmètre.", await TextAsync(response));

        var admin = await Forms.SubmitAsync(client, "/admin/utilisateurs/inviter", new Dictionary<string, string>
        {
            ["DisplayName"] = "Futur admin",
            ["Email"] = NewEmail("admin"),
            ["Grant.Role"] = nameof(Role.Administrateur),
        }, "main form[method=post]");
        Assert.Contains("Seul un administrateur peut donner le rôle Administrateur.", await TextAsync(admin));
    }

    [Fact]
    public async Task APasswordResetLinkSentByEmailSetsANewPassword()
    {
        var email = NewEmail("oubli");
        var user = await factory.CreateUserAsync(email, Password, Role.Lecteur, territoryCode: MaillageFactory.SaintEtienne);
        var client = factory.CreateBrowserClient();

        var asked = await Forms.SubmitAsync(client, "/mot-de-passe-oublie", new Dictionary<string, string> { ["Email"] = email }, "main form[method=post]");
        Assert.Contains("Si un compte actif existe pour cette adresse", await TextAsync(asked));
        var mail = await Mailbox.WaitForAsync(email);
        var link = new Uri(Assert.Single(mail.Links, l => l.Contains("/mot-de-passe/reinitialiser", StringComparison.Ordinal)));

        const string newPassword = "un tout nouveau mot de passe";
        var reset = await Forms.SubmitAsync(client, link.PathAndQuery, new Dictionary<string, string>
        {
            ["Input.Password"] = newPassword,
            ["Input.Confirmation"] = newPassword,
        }, "main form[method=post]");
        Assert.Contains("Votre mot de passe a été changé.", await TextAsync(reset));

        Assert.Equal(HttpStatusCode.OK, (await factory.LoginAsync(factory.CreateBrowserClient(), email, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await factory.LoginAsync(factory.CreateBrowserClient(), email, newPassword)).StatusCode);
        Assert.Single(await AuditAsync(AuditActions.PasswordResetRequested, user.Id));
        Assert.Single(await AuditAsync(AuditActions.PasswordReset, user.Id));
    }

    [Fact]
    public async Task AskingAResetForAnUnknownAddressAnswersTheSameAndSendsNothing()
    {
        var unknown = NewEmail("inconnu");
        var response = await Forms.SubmitAsync(factory.CreateBrowserClient(), "/mot-de-passe-oublie", new Dictionary<string, string> { ["Email"] = unknown }, "main form[method=post]");

        Assert.Contains("Si un compte actif existe pour cette adresse", await TextAsync(response));
        Assert.Empty(Mailbox.Find(unknown));
    }

    [Fact]
    public async Task ADeactivatedAccountCanNoLongerSignInAndTheChangeIsAudited()
    {
        var admin = await AdminAsync();
        var email = NewEmail("desactive");
        var user = await factory.CreateUserAsync(email, Password, Role.Lecteur, territoryCode: MaillageFactory.SaintEtienne);
        var adminClient = await SignedInAsync(admin.Email!);

        var unconfirmed = await Forms.SubmitAsync(adminClient, $"/admin/utilisateurs/{user.Id}", new Dictionary<string, string>(), "form[action*='handler=Activation']");
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        Assert.True((await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).IsActive);

        await Forms.SubmitAsync(adminClient, $"/admin/utilisateurs/{user.Id}", new Dictionary<string, string> { ["confirme"] = "true" }, "form[action*='handler=Activation']");

        Assert.False((await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).IsActive);
        Assert.Single(await AuditAsync(AuditActions.UserDeactivated, user.Id));
        var attempt = await factory.LoginAsync(factory.CreateBrowserClient(), email, Password);
        Assert.Contains("Ce compte est désactivé", await TextAsync(attempt));
    }

    [Fact]
    public async Task AddingAndRemovingAGrantTakesEffectAndIsAudited()
    {
        var admin = await AdminAsync();
        var email = NewEmail("droits");
        var user = await factory.CreateUserAsync(email, Password, Role.Lecteur, territoryCode: MaillageFactory.SaintChamond);
        var adminClient = await SignedInAsync(admin.Email!);
        var userClient = await SignedInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, (await userClient.GetAsync("/admin/utilisateurs")).StatusCode);

        var added = await Forms.SubmitAsync(adminClient, $"/admin/utilisateurs/{user.Id}", new Dictionary<string, string>
        {
            ["Grant.Role"] = nameof(Role.Coordinateur),
            ["Grant.TerritoryCode"] = MaillageFactory.SaintEtienne,
        }, "form[action*='handler=AddGrant']");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Single(await AuditAsync(AuditActions.GrantAdded, user.Id));
        Assert.Equal(HttpStatusCode.OK, (await userClient.GetAsync("/admin/utilisateurs")).StatusCode);

        var grantId = await factory.WithDbAsync(db => db.Grants.Where(g => g.UserId == user.Id && g.Role == Role.Coordinateur).Select(g => g.Id).SingleAsync());
        await Forms.SubmitAsync(adminClient, $"/admin/utilisateurs/{user.Id}", new Dictionary<string, string> { ["confirme"] = "true" }, $"form[action*='grantId={grantId}']");

        Assert.Single(await AuditAsync(AuditActions.GrantRemoved, user.Id));
        Assert.False(await factory.WithDbAsync(db => db.Grants.AnyAsync(g => g.Id == grantId)));
        Assert.NotEqual(HttpStatusCode.OK, (await userClient.GetAsync("/admin/utilisateurs")).StatusCode);
    }

    [Fact]
    public async Task ACoordinatorSeesOnlyThePeopleOfTheirTerritory()
    {
        var coordinatorEmail = NewEmail("coord-se");
        await factory.CreateUserAsync(coordinatorEmail, Password, Role.Coordinateur, territoryCode: MaillageFactory.SaintEtienne);
        var inside = await factory.CreateOrganizationAsync(communeCode: MaillageFactory.SaintEtienne);
        var outside = await factory.CreateOrganizationAsync(communeCode: MaillageFactory.SaintChamond);
        var colleague = await factory.CreateUserAsync(NewEmail("dedans"), Password, Role.Conseiller, organizationId: inside.Id, displayName: "Sami Dedans");
        var stranger = await factory.CreateUserAsync(NewEmail("dehors"), Password, Role.Conseiller, organizationId: outside.Id, displayName: "Thomas Dehors");
        var client = await SignedInAsync(coordinatorEmail);

        var list = await client.GetStringAsync("/admin/utilisateurs?q=De");

        Assert.Contains("Sami Dedans", list);
        Assert.DoesNotContain("Thomas Dehors", list);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/utilisateurs/{colleague.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/utilisateurs/{stranger.Id}")).StatusCode);
    }

    [Fact]
    public async Task AnAdviserCannotOpenTheAdministrationPages()
    {
        var email = NewEmail("conseiller-admin");
        var org = await factory.CreateOrganizationAsync();
        await factory.CreateUserAsync(email, Password, Role.Conseiller, organizationId: org.Id);
        var client = await SignedInAsync(email);

        var response = await client.GetAsync("/admin/utilisateurs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/acces-refuse", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnApiClientCreatedFromItsPageShowsItsTokenOnceWhichThenWorks()
    {
        var admin = await AdminAsync();
        var client = await SignedInAsync(admin.Email!);
        var name = $"Carto {Guid.NewGuid():N}";

        var response = await Forms.SubmitAsync(client, "/admin/systeme/clients-api", new Dictionary<string, string>
        {
            ["Name"] = name,
            ["Grant.Role"] = nameof(Role.Lecteur),
            ["Grant.TerritoryCode"] = MaillageFactory.SaintEtienne,
        }, "form[action*='handler=Create']");

        var html = Forms.Parse(await response.Content.ReadAsStringAsync());
        var token = html.QuerySelector("[data-testid=new-token]")?.TextContent.Trim();
        Assert.StartsWith(ApiClients.TokenPrefix, token);
        Assert.DoesNotContain(token!, await client.GetStringAsync("/admin/systeme/clients-api"));
        var stored = await factory.WithDbAsync(db => db.ApiClients.AsNoTracking().SingleAsync(c => c.Name == name));
        Assert.NotEqual(token, stored.TokenHash);
        Assert.Single(await AuditAsync(AuditActions.ApiClientCreated, stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateApiClient(token).GetAsync("/api/v1/moi")).StatusCode);
    }

    [Fact]
    public async Task TheAuditLogPageFiltersByAction()
    {
        var admin = await AdminAsync();
        var client = await SignedInAsync(admin.Email!);
        await factory.LoginAsync(factory.CreateBrowserClient(), admin.Email!, "mauvais mot de passe");

        var failures = await client.GetStringAsync($"/admin/systeme/journal?action={AuditActions.LoginFailed}");
        var html = Forms.Parse(failures);
        var rows = html.QuerySelectorAll("table tbody tr").Select(r => r.TextContent).ToList();

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("Échec de connexion", r));
        Assert.Contains(rows, r => r.Contains(admin.Email!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SigningOutEndsTheSessionAndIsAudited()
    {
        var email = NewEmail("sortie");
        var user = await factory.CreateUserAsync(email, Password, Role.Lecteur, territoryCode: MaillageFactory.SaintEtienne);
        var client = await SignedInAsync(email);

        var response = await Forms.SubmitAsync(client, "/deconnexion", new Dictionary<string, string>(), "main form[method=post]");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/compte")).StatusCode);
        Assert.Single(await AuditAsync(AuditActions.Logout, user.Id));
    }
}
