using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;

namespace Maillage.Tests.Features.Comptes;

[Trait("Category", "Database")]
public class ApiAuthenticationTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task ApiWithoutTokenAnswers401ProblemDetailsInFrench()
    {
        using var client = factory.CreateApiClient(null);

        using var response = await client.GetAsync("/api/v1/structures");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Authentification requise", ProblemAssert.FrenchTitle(problem));
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ApiWithAnUnknownTokenAnswers401()
    {
        using var client = factory.CreateApiClient("mlg_" + new string('x', 43));

        using var response = await client.GetAsync("/api/v1/moi");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Authentification requise", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ApiWithARevokedTokenAnswers401()
    {
        var token = await factory.CreateApiClientAsync(Role.Administrateur);
        await factory.WithDbAsync(async db =>
        {
            var client = db.ApiClients.Single(c => c.TokenHash == Maillage.Shared.Security.SecretTokens.Hash(token));
            client.RevokedAt = DateTimeOffset.UtcNow;
            return await db.SaveChangesAsync();
        });
        using var api = factory.CreateApiClient(token);

        using var response = await api.GetAsync("/api/v1/moi");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiWithAValidTokenTellsTheCallerItsRoleAndScope()
    {
        var name = $"Tableau de bord {Guid.NewGuid():N}";
        var token = await factory.CreateApiClientAsync(Role.Lecteur, MaillageFactory.SaintEtienne, name: name);
        using var client = factory.CreateApiClient(token);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/moi");

        Assert.Equal(name, me.GetProperty("name").GetString());
        Assert.Equal("Lecteur", me.GetProperty("role").GetString());
        Assert.Equal("Saint-Étienne", me.GetProperty("territoryName").GetString());
    }

    [Fact]
    public async Task LecteurTokenGets403OnTheListOfAccounts()
    {
        var token = await factory.CreateApiClientAsync(Role.Lecteur, MaillageFactory.SaintEtienne);
        using var client = factory.CreateApiClient(token);

        using var response = await client.GetAsync("/api/v1/utilisateurs");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("Accès refusé", ProblemAssert.FrenchTitle(problem));
    }

    [Fact]
    public async Task CoordinatorTokenListsTheAccountsOfItsTerritoryButNotThoseOfAnotherCommune()
    {
        var inside = await factory.CreateOrganizationAsync();
        var outside = await factory.CreateOrganizationAsync(communeCode: MaillageFactory.SaintChamond);
        var insider = await factory.CreateUserAsync(TestData.NewEmail("dedans"), TestData.Password, Role.Conseiller, organizationId: inside.Id);
        var outsider = await factory.CreateUserAsync(TestData.NewEmail("dehors"), TestData.Password, Role.Conseiller, organizationId: outside.Id);
        var token = await factory.CreateApiClientAsync(Role.Coordinateur, MaillageFactory.SaintEtienne);
        using var client = factory.CreateApiClient(token);

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/utilisateurs?pageSize=200");
        var ids = page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetString()).ToList();

        Assert.Contains(insider.Id, ids);
        Assert.DoesNotContain(outsider.Id, ids);
    }

    [Fact]
    public async Task BasicAuthenticationNeverOpensTheApi()
    {
        using var client = factory.CreateApiClient(null);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=");

        using var response = await client.GetAsync("/api/v1/utilisateurs");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
