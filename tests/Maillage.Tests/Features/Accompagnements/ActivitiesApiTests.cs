using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Accompagnements;

/// <summary>/api/v1/activites with the advisor's session and with API tokens: idempotent POST, French ProblemDetails, scope, versions, paging.</summary>
[Trait("Category", "Database")]
public sealed class ActivitiesApiTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private sealed record Team(int OrganizationId, int PlaceId, string AdvisorEmail, HttpClient Client);

    private async Task<Team> TeamAsync()
    {
        var organization = await factory.CreateOrganizationAsync();
        var place = await factory.CreatePlaceAsync(organization.Id);
        var email = $"cnfs-{Guid.NewGuid():N}@exemple.test";
        await factory.CreateUserAsync(email, TestData.Password, Role.Conseiller, organizationId: organization.Id);
        var client = factory.CreateBrowserClient();
        await factory.LoginAsync(client, email, TestData.Password);
        return new Team(organization.Id, place.Id, email, client);
    }

    private static object Individual(int placeId, string date = "2026-11-02", params string[] themes) => new
    {
        type = "Individual",
        date,
        durationMinutes = 30,
        location = "Place",
        placeId,
        themes = themes.Length == 0 ? ["Email"] : themes,
        beneficiaryAgeBand = "From60To69",
    };

    private static HttpRequestMessage Post(object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/activites") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_creates_one_record_and_returns_it()
    {
        var team = await TeamAsync();
        var first = await team.Client.SendAsync(Post(Individual(team.PlaceId), "hors-ligne-1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/v1/activites/{created.GetProperty("id").GetInt64()}", first.Headers.Location!.OriginalString);
        Assert.Equal("From60To69", created.GetProperty("saisie").GetProperty("beneficiaryAgeBand").GetString());

        var again = await team.Client.SendAsync(Post(Individual(team.PlaceId), "hors-ligne-1"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotency-Replayed").Single());
        Assert.Equal(created.GetProperty("id").GetInt64(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        Assert.Equal(1, await factory.WithDbAsync(db => db.Activities.CountAsync(a => a.OrganizationId == team.OrganizationId)));
    }

    [Fact]
    public async Task Every_rule_answers_a_french_problem_on_its_field_and_saves_nothing()
    {
        var team = await TeamAsync();
        var tomorrow = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd");
        var cases = new (object Body, string Field, string Message)[]
        {
            (Individual(team.PlaceId, tomorrow), "date", "La date ne peut pas être dans le futur."),
            (new { type = "Individual", date = "2026-11-02", durationMinutes = 0, location = "Remote", themes = new[] { "Email" } }, "durationMinutes", "La durée doit être comprise entre 1 minute et 8 heures."),
            (new { type = "Individual", date = "2026-11-02", durationMinutes = 30, location = "Remote", themes = new[] { "Email" }, procedureFamilies = new[] { "Housing" } }, "procedureFamilies", "Les démarches administratives ne se renseignent qu'avec la thématique « Aide aux démarches administratives »."),
            (new { type = "Collective", date = "2026-11-02", durationMinutes = 120, location = "Remote", themes = new[] { "Security" }, workshopTitle = "Protéger ses données" }, "anonymousParticipants", "Un atelier compte au moins un participant : indiquez leur nombre ou ajoutez des bénéficiaires."),
            (Individual(int.MaxValue), "placeId", "Ce lieu n'est pas l'un de vos lieux d'activité."),
            (new { type = "Individual", date = "2026-11-02", durationMinutes = 30, location = "Remote", themes = new[] { "Email" }, beneficiaryId = 999999999 }, "beneficiaryId", "Ce bénéficiaire est introuvable dans les fiches de votre structure."),
        };

        foreach (var (body, field, message) in cases)
        {
            var response = await team.Client.SendAsync(Post(body));
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Contains(message, ProblemAssert.FieldErrors(problem, field));
        }

        Assert.Equal(0, await factory.WithDbAsync(db => db.Activities.CountAsync(a => a.OrganizationId == team.OrganizationId)));
    }

    [Fact]
    public async Task Scope_versions_delete_and_keyset_pages()
    {
        var team = await TeamAsync();
        for (var day = 1; day <= 7; day++)
        {
            Assert.Equal(HttpStatusCode.Created, (await team.Client.SendAsync(Post(Individual(team.PlaceId, $"2026-10-{day:00}")))).StatusCode);
        }

        var first = await team.Client.GetFromJsonAsync<JsonElement>("/api/v1/activites?limite=3&conseiller=moi");
        Assert.Equal(3, first.GetProperty("items").GetArrayLength());
        Assert.Equal("2026-10-07", first.GetProperty("items")[0].GetProperty("date").GetString());
        var seen = new List<long>();
        var url = "/api/v1/activites?limite=3&conseiller=moi";
        while (url is not null)
        {
            var page = await team.Client.GetFromJsonAsync<JsonElement>(url);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            url = page.GetProperty("nextUrl").GetString();
        }

        Assert.Equal(7, seen.Distinct().Count());
        var id = seen[0];

        // Another organization's advisor, and an API reader token: not found / forbidden.
        var other = await TeamAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/api/v1/activites/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.DeleteAsync($"/api/v1/activites/{id}")).StatusCode);
        var reader = factory.CreateClient();
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.CreateApiClientAsync(Role.Lecteur, MaillageFactory.SaintEtienne));
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/v1/activites")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v1/activites")).StatusCode);

        // A coordinator's token reads it; a token cannot record (a record belongs to an advisor).
        var coordinator = factory.CreateClient();
        coordinator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.CreateApiClientAsync(Role.Coordinateur, MaillageFactory.SaintEtienne));
        var read = await coordinator.GetFromJsonAsync<JsonElement>($"/api/v1/activites/{id}");
        var version = read.GetProperty("version").GetUInt32();
        await ProblemAssert.IsProblemAsync(await coordinator.SendAsync(Post(Individual(team.PlaceId))), HttpStatusCode.Forbidden);

        // PUT with the version read; the same stale version again is refused with 412.
        var saisie = JsonSerializer.Deserialize<Dictionary<string, object?>>(read.GetProperty("saisie").GetRawText())!;
        saisie["durationMinutes"] = 45;
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/activites/{id}") { Content = JsonContent.Create(saisie) };
        put.Headers.TryAddWithoutValidation("If-Match", version.ToString());
        var updated = await team.Client.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(45, (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("saisie").GetProperty("durationMinutes").GetInt32());
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/activites/{id}") { Content = JsonContent.Create(saisie) };
        stale.Headers.TryAddWithoutValidation("If-Match", version.ToString());
        await ProblemAssert.IsProblemAsync(await team.Client.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        Assert.Equal(HttpStatusCode.NoContent, (await team.Client.DeleteAsync($"/api/v1/activites/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await team.Client.GetAsync($"/api/v1/activites/{id}")).StatusCode);

        var invalid = await ProblemAssert.IsProblemAsync(await team.Client.GetAsync("/api/v1/activites?du=2026-10-05&au=2026-10-01&apres=abc"), HttpStatusCode.BadRequest);
        Assert.NotEmpty(ProblemAssert.FieldErrors(invalid, "du"));
        Assert.NotEmpty(ProblemAssert.FieldErrors(invalid, "apres"));
    }
}
