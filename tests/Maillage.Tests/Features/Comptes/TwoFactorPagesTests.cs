using System.Net;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Maillage.Tests.Features.Comptes;

/// <summary>TOTP enrolment, required for coordinators when Security:RequireTwoFactorForStaff is on, and sign-in with the code.</summary>
[Trait("Category", "Database")]
public sealed class TwoFactorPagesTests(TwoFactorPagesTests.Factory factory) : IClassFixture<TwoFactorPagesTests.Factory>
{
    public sealed class Factory : MaillageFactory
    {
        public Factory()
        {
            RequireTwoFactorForStaff = true;
            WithSetting("RateLimiting:AuthenticationPerMinute", "10000");
        }
    }

    private const string Password = "mot de passe de test solide";

    /// <summary>The page's visible text, entities decoded (Razor encodes apostrophes).</summary>
    private static async Task<string> TextAsync(HttpResponseMessage response) =>
        Forms.Parse(await response.Content.ReadAsStringAsync()).Body?.TextContent ?? "";

    private static string Totp(string sharedKey) =>
        new Totp(Base32Encoding.ToBytes(sharedKey.Replace(" ", "").ToUpperInvariant())).ComputeTotp();

    [Fact]
    public async Task ACoordinatorMustEnrolASecondFactorThenSignsInWithTheirCode()
    {
        var email = $"coord-2fa-{Guid.NewGuid():N}@test.maillage.fr";
        var user = await factory.CreateUserAsync(email, Password, Role.Coordinateur, territoryCode: MaillageFactory.SaintEtienne);
        var client = factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await factory.LoginAsync(client, email, Password)).StatusCode);

        var blocked = await client.GetAsync("/admin/utilisateurs");
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.StartsWith("/compte/double-authentification", blocked.Headers.Location?.OriginalString);

        var enrolPage = await Forms.GetDocumentAsync(client, "/compte/double-authentification");
        var key = enrolPage.QuerySelector("[data-testid=shared-key]")!.TextContent;
        Assert.NotNull(enrolPage.QuerySelector("img.qr-code"));

        var wrong = await Forms.SubmitAsync(client, "/compte/double-authentification", new Dictionary<string, string> { ["Code"] = "000000" }, "form[action*='handler=Enable']");
        Assert.Contains("Ce code n'est pas valide", await TextAsync(wrong));

        var enabled = await Forms.SubmitAsync(client, "/compte/double-authentification", new Dictionary<string, string> { ["Code"] = Totp(key) }, "form[action*='handler=Enable']");
        var enabledHtml = Forms.Parse(await enabled.Content.ReadAsStringAsync());
        Assert.Equal(10, enabledHtml.QuerySelectorAll(".recovery-codes li").Length);
        Assert.Single(await factory.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.TwoFactorEnabled && e.TargetId == user.Id).ToListAsync()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/utilisateurs")).StatusCode);

        var next = factory.CreateBrowserClient();
        var firstStep = await factory.LoginAsync(next, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, firstStep.StatusCode);
        Assert.StartsWith("/connexion/code", firstStep.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await next.GetAsync("/compte")).StatusCode);

        var badCode = await Forms.SubmitAsync(next, firstStep.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.Code"] = "123456" }, "main form[method=post]");
        Assert.Contains("Ce code n'est pas valide", await TextAsync(badCode));

        var secondStep = await Forms.SubmitAsync(next, firstStep.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.Code"] = Totp(key) }, "main form[method=post]");
        Assert.Equal(HttpStatusCode.Redirect, secondStep.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/admin/utilisateurs")).StatusCode);
    }

    [Fact]
    public async Task AnAdviserIsNotForcedToEnrolAndMaySwitchTheSecondFactorOff()
    {
        var email = $"conseiller-2fa-{Guid.NewGuid():N}@test.maillage.fr";
        var org = await factory.CreateOrganizationAsync();
        var user = await factory.CreateUserAsync(email, Password, Role.Conseiller, organizationId: org.Id);
        var client = factory.CreateBrowserClient();
        await factory.LoginAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/compte")).StatusCode);

        var page = await Forms.GetDocumentAsync(client, "/compte/double-authentification");
        var key = page.QuerySelector("[data-testid=shared-key]")!.TextContent;
        await Forms.SubmitAsync(client, "/compte/double-authentification", new Dictionary<string, string> { ["Code"] = Totp(key) }, "form[action*='handler=Enable']");
        Assert.True((await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).TwoFactorEnabled);

        await Forms.SubmitAsync(client, "/compte/double-authentification", new Dictionary<string, string>(), "form[action*='handler=Disable']");

        Assert.False((await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).TwoFactorEnabled);
        Assert.Single(await factory.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.TwoFactorDisabled && e.TargetId == user.Id).ToListAsync()));
    }
}
