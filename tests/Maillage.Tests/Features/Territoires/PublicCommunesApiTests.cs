using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Tests.Infrastructure;

namespace Maillage.Tests.Features.Territoires;

[Trait("Category", "Database")]
public class PublicCommunesApiTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task AnonymousSearchByNamePrefixSuggestsTheBiggestCommunesFirst()
    {
        await factory.EnsureTerritoriesAsync();
        using var client = factory.CreateApiClient(null);

        var communes = await client.GetFromJsonAsync<JsonElement>("/api/v1/public/communes?q=sain");

        var list = communes.EnumerateArray().ToList();
        Assert.InRange(list.Count, 2, 10);
        Assert.All(list, c => Assert.StartsWith("sain", c.GetProperty("name").GetString(), StringComparison.OrdinalIgnoreCase));
        var first = list[0];
        Assert.Equal("42218", first.GetProperty("code").GetString());
        Assert.Equal("Saint-Étienne", first.GetProperty("name").GetString());
        Assert.Equal(["42000", "42100", "42230"], first.GetProperty("postalCodes").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task AnonymousSearchByPostalCodeFindsTheCommune()
    {
        await factory.EnsureTerritoriesAsync();
        using var client = factory.CreateApiClient(null);

        var communes = await client.GetFromJsonAsync<JsonElement>("/api/v1/public/communes?q=42100");

        Assert.Contains(communes.EnumerateArray(), c => c.GetProperty("code").GetString() == "42218");
    }

    [Theory]
    [InlineData("s")]
    [InlineData("")]
    public async Task TooShortSearchAnswersAFrenchValidationProblem(string q)
    {
        using var client = factory.CreateApiClient(null);

        using var response = await client.GetAsync($"/api/v1/public/communes?q={q}");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Données invalides", ProblemAssert.FrenchTitle(problem));
        Assert.Equal("Saisissez au moins 2 caractères (nom de commune ou code postal).", problem.GetProperty("errors").GetProperty("q")[0].GetString());
    }
}

[Trait("Category", "Database")]
public class PublicRateLimitTests
{
    [Fact]
    public async Task FourthPublicCallWithinAMinuteAnswers429WithRetryAfter()
    {
        await using var factory = new MaillageFactory().WithSetting("RateLimiting:PublicPerMinute", "3");
        using var client = factory.CreateApiClient(null);

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.GetAsync("/api/v1/public/communes?q=sain");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await client.GetAsync("/api/v1/public/communes?q=sain");

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("Trop de requêtes", ProblemAssert.FrenchTitle(problem));
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }
}
