using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;

namespace Maillage.Tests.Features.Agenda.Ateliers;

/// <summary>/api/v1/ateliers: the public list, registration by an API client, the scoped list of registrations.</summary>
[Trait("Category", "Database")]
public sealed class WorkshopsApiTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task The_public_list_and_a_session_need_no_account()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory, capacity: 5);
        var client = factory.CreateApiClient(null);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/ateliers?theme=Security&taille=200");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetInt32() == sessionId);
        var one = await client.GetFromJsonAsync<JsonElement>($"/api/v1/ateliers/{sessionId}");
        Assert.Equal(5, one.GetProperty("seatsLeft").GetInt32());
        Assert.Equal("Des mots de passe solides et les bons réflexes.", one.GetProperty("description").GetString());

        var bad = await client.GetAsync("/api/v1/ateliers?theme=Rien");
        var problem = await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Contains("Thématique inconnue", ProblemAssert.FieldErrors(problem, "theme")[0]);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/ateliers/987654"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync($"/api/v1/ateliers/{sessionId}/inscriptions", new { name = "Jeanne", email = TestData.NewEmail() })).StatusCode);
    }

    [Fact]
    public async Task An_api_client_registers_people_and_reads_the_registrations_of_its_organization_only()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory, capacity: 1);
        var token = await factory.CreateApiClientAsync(Role.Structure, organizationId: world.OrganizationId);
        var client = factory.CreateApiClient(token);

        var first = await client.PostAsJsonAsync($"/api/v1/ateliers/{sessionId}/inscriptions", new { name = "Jeanne Martin", phone = "06 12 34 56 78" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Confirmed", created.GetProperty("status").GetString());
        Assert.Contains("/ateliers/inscription/atl_", created.GetProperty("managementUrl").GetString());

        var second = await (await client.PostAsJsonAsync($"/api/v1/ateliers/{sessionId}/inscriptions", new { name = "Paul", email = TestData.NewEmail() })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Waiting", 1), (second.GetProperty("status").GetString(), second.GetProperty("waitingPosition").GetInt32()));
        Assert.Equal("La séance est complète : vous êtes inscrit sur la liste d'attente, en position 1.", second.GetProperty("message").GetString());

        var again = await client.PostAsJsonAsync($"/api/v1/ateliers/{sessionId}/inscriptions", new { name = "Jeanne", phone = "+33612345678" });
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
        var invalid = await client.PostAsJsonAsync($"/api/v1/ateliers/{sessionId}/inscriptions", new { name = "Jeanne" });
        var problem = await ProblemAssert.IsProblemAsync(invalid, HttpStatusCode.BadRequest);
        Assert.Contains("téléphone ou une adresse e-mail", ProblemAssert.FieldErrors(problem, "phone")[0]);

        var registrations = await client.GetFromJsonAsync<JsonElement>($"/api/v1/ateliers/{sessionId}/inscriptions");
        Assert.Equal(2, registrations.GetArrayLength());

        var other = await WorkshopWorld.CreateAsync(factory);
        var outsider = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Structure, organizationId: other.OrganizationId));
        await ProblemAssert.IsProblemAsync(await outsider.GetAsync($"/api/v1/ateliers/{sessionId}/inscriptions"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_endpoints_are_in_the_openapi_document_with_french_summaries()
    {
        var document = await factory.CreateApiClient(null).GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/ateliers/{id}/inscriptions", document);
        Assert.Contains("RegisterToWorkshopSession", document);
        Assert.Contains("Inscrit une personne (nom, et téléphone ou e-mail)", System.Text.RegularExpressions.Regex.Unescape(document));
    }
}
