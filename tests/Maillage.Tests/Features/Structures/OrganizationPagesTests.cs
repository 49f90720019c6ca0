using System.Net;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Features.Territoires;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Structures;

/// <summary>The organization and quartier forms of the back office, posted as a browser does.</summary>
[Trait("Category", "Database")]
public sealed class OrganizationPagesTests(OrganizationPagesTests.Factory factory) : IClassFixture<OrganizationPagesTests.Factory>
{
    public sealed class Factory : MaillageFactory
    {
        public Factory() => WithSetting("RateLimiting:AuthenticationPerMinute", "10000");
    }

    private const string Password = "mot de passe de test solide";

    private async Task<HttpClient> SignedInAsync(Role role, string? territoryCode = null)
    {
        await factory.EnsureTerritoriesAsync();
        var email = $"{role}-{Guid.NewGuid():N}@test.maillage.fr";
        await factory.CreateUserAsync(email, Password, role, territoryCode: territoryCode);
        var client = factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await factory.LoginAsync(client, email, Password)).StatusCode);
        return client;
    }

    private static Dictionary<string, string> Organization(string name, string siret) => new()
    {
        ["Input.Name"] = name,
        ["Input.Kind"] = "Association",
        ["Input.Siret"] = siret,
        ["Input.PostalCode"] = "42000",
        ["Input.CommuneCode"] = MaillageFactory.SaintEtienne,
    };

    [Fact]
    public async Task AnInvalidSiretIsRefusedWithItsFrenchMessageNextToTheFieldAndNothingIsSaved()
    {
        var client = await SignedInAsync(Role.Administrateur);
        var name = $"Association {Guid.NewGuid():N}";

        var response = await Forms.SubmitAsync(client, "/admin/structures/nouvelle", Organization(name, "12345678901234"), "main form[method=post]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Forms.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("true", page.QuerySelector("#Input_Siret")?.GetAttribute("aria-invalid"));
        Assert.Contains("Ce SIRET n'est pas valide (clé de contrôle incorrecte).", page.QuerySelector("#siret-error")?.TextContent);
        Assert.False(await factory.WithDbAsync(db => db.Organizations.AnyAsync(o => o.Name == name)));
    }

    [Fact]
    public async Task AValidOrganizationIsCreatedInTheChosenCommuneAndAudited()
    {
        var client = await SignedInAsync(Role.Administrateur);
        var name = $"Centre social {Guid.NewGuid():N}";

        var response = await Forms.SubmitAsync(client, "/admin/structures/nouvelle", Organization(name, TestData.NewSiret()), "main form[method=post]");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var org = await factory.WithDbAsync(db => db.Organizations.Include(o => o.Commune).SingleAsync(o => o.Name == name));
        Assert.Equal(MaillageFactory.SaintEtienne, org.Commune!.Code);
        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.OrganizationCreated && e.TargetId == org.Id.ToString())));
    }

    [Fact]
    public async Task ACoordinatorGets404ForAnOrganizationOutsideTheirTerritoryAndDoesNotSeeItListed()
    {
        var outside = await factory.CreateOrganizationAsync(name: $"Hors champ {Guid.NewGuid():N}", communeCode: MaillageFactory.SaintChamond);
        var inside = await factory.CreateOrganizationAsync(name: $"Dans le champ {Guid.NewGuid():N}", communeCode: MaillageFactory.SaintEtienne);
        var client = await SignedInAsync(Role.Coordinateur, MaillageFactory.SaintEtienne);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/structures/{outside.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/structures/{outside.Id}/modifier")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/structures/{inside.Id}")).StatusCode);
        var list = await client.GetStringAsync("/admin/structures?q=champ");
        Assert.Contains(inside.Name, list);
        Assert.DoesNotContain(outside.Name, list);
    }

    [Fact]
    public async Task AQuartierIsAddedUnderItsCommuneOnceAndADuplicateNameIsRefused()
    {
        var client = await SignedInAsync(Role.Coordinateur, MaillageFactory.SaintEtienne);
        var commune = await factory.TerritoryAsync(MaillageFactory.SaintEtienne);
        var name = $"Solaure {Guid.NewGuid():N}"[..20];

        var added = await Forms.SubmitAsync(client, $"/admin/territoires/{commune.Id}/quartier", new Dictionary<string, string> { ["Input.Name"] = name, ["Input.IsPriorityArea"] = "true" }, "main form[method=post]");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var quarter = await factory.WithDbAsync(db => db.Territories.SingleAsync(t => t.Name == name));
        Assert.Equal(TerritoryKind.Quartier, quarter.Kind);
        Assert.StartsWith(commune.Path, quarter.Path);
        Assert.True(quarter.IsPriorityArea);

        var again = await Forms.SubmitAsync(client, $"/admin/territoires/{commune.Id}/quartier", new Dictionary<string, string> { ["Input.Name"] = name.ToUpperInvariant() }, "main form[method=post]");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("existe déjà", Forms.Parse(await again.Content.ReadAsStringAsync()).Body!.TextContent);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Territories.CountAsync(t => t.Name.ToUpper() == name.ToUpper())));
    }

    [Fact]
    public async Task ACoordinatorCannotAddAQuartierToACommuneOutsideTheirTerritory()
    {
        var client = await SignedInAsync(Role.Coordinateur, MaillageFactory.SaintEtienne);
        var other = await factory.TerritoryAsync(MaillageFactory.SaintChamond);

        var response = await client.GetAsync($"/admin/territoires/{other.Id}/quartier");
        var token = Forms.Parse(await client.GetStringAsync($"/admin/territoires/{(await factory.TerritoryAsync(MaillageFactory.SaintEtienne)).Id}/quartier"))
            .QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var posted = await client.PostAsync($"/admin/territoires/{other.Id}/quartier", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "Intrus", ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/acces-refuse", response.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/acces-refuse", posted.Headers.Location?.AbsolutePath);
        Assert.False(await factory.WithDbAsync((AppDbContext db) => db.Territories.AnyAsync(t => t.ParentId == other.Id && t.Kind == TerritoryKind.Quartier)));
    }
}
