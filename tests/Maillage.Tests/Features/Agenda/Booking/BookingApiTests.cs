using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Agenda.Booking;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;

namespace Maillage.Tests.Features.Agenda.Booking;

/// <summary>/api/v1/lieux/{id}/creneaux (anonymous) and POST /api/v1/rendez-vous (staff, scoped, French ProblemDetails).</summary>
[Trait("Category", "Database")]
public sealed class BookingApiTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task Free_slots_are_public_and_bad_parameters_are_told_in_french()
    {
        var world = await BookingWorld.CreateAsync(factory);
        var client = factory.CreateApiClient(null);
        var slot = await world.SlotAsync(factory);
        var day = DateOnly.FromDateTime(Maillage.Shared.Web.ParisTime.ToParis(slot.Start).DateTime).ToString("yyyy-MM-dd");

        var response = await client.GetAsync($"/api/v1/lieux/{world.PlaceId}/creneaux?motif={world.MotifId}&du={day}&au={day}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var starts = body.GetProperty("creneaux").EnumerateArray().Select(c => c.GetProperty("debut").GetDateTimeOffset()).ToList();
        Assert.Contains(slot.Start, starts);
        Assert.All(starts, s => Assert.Equal(day, DateOnly.FromDateTime(Maillage.Shared.Web.ParisTime.ToParis(s).DateTime).ToString("yyyy-MM-dd")));

        var unknownMotif = await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/lieux/{world.PlaceId}/creneaux?motif=987654"), HttpStatusCode.BadRequest);
        Assert.Contains("motif", ProblemAssert.FieldErrors(unknownMotif, "motif")[0]);
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/lieux/987654/creneaux?motif={world.MotifId}"), HttpStatusCode.NotFound);
        var reversed = await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/lieux/{world.PlaceId}/creneaux?motif={world.MotifId}&du=2026-12-10&au=2026-12-01"), HttpStatusCode.BadRequest);
        Assert.NotEmpty(ProblemAssert.FieldErrors(reversed, "au"));
    }

    [Fact]
    public async Task Staff_books_for_a_person_the_same_slot_twice_is_a_conflict_and_scope_is_enforced()
    {
        var world = await BookingWorld.CreateAsync(factory);
        var slot = await world.SlotAsync(factory);
        var email = TestData.NewEmail("telephone");
        var structure = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Structure, organizationId: world.OrganizationId));
        object Body(string? mail = null, string? phone = null) => new { lieuId = world.PlaceId, motifId = world.MotifId, debut = slot.Start, nom = "Jeanne M.", email = mail, telephone = phone };

        var created = await structure.PostAsJsonAsync("/api/v1/rendez-vous", Body(email));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(world.AdvisorId, dto.GetProperty("conseillerId").GetString());
        Assert.Contains("/rendez-vous/gerer/rdv_", dto.GetProperty("lienGestion").GetString());
        Assert.True(dto.GetProperty("messageEnvoye").GetBoolean());
        Assert.StartsWith("Votre rendez-vous du", (await BookingMails.WaitForAsync(email)).Single().Subject);

        var conflict = await ProblemAssert.IsProblemAsync(await structure.PostAsJsonAsync("/api/v1/rendez-vous", Body(TestData.NewEmail())), HttpStatusCode.Conflict);
        Assert.Contains("Ce créneau vient d'être pris", conflict.GetProperty("detail").GetString());

        var invalid = await ProblemAssert.IsProblemAsync(await structure.PostAsJsonAsync("/api/v1/rendez-vous", Body(phone: "12")), HttpStatusCode.BadRequest);
        Assert.Contains("numéro", ProblemAssert.FieldErrors(invalid, "telephone")[0]);

        var other = await factory.CreateOrganizationAsync();
        var outsider = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Structure, organizationId: other.Id));
        await ProblemAssert.IsProblemAsync(await outsider.PostAsJsonAsync("/api/v1/rendez-vous", Body(TestData.NewEmail())), HttpStatusCode.Forbidden);
        var reader = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Lecteur, territoryCode: MaillageFactory.SaintEtienne));
        await ProblemAssert.IsProblemAsync(await reader.PostAsJsonAsync("/api/v1/rendez-vous", Body(TestData.NewEmail())), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateApiClient(null).PostAsJsonAsync("/api/v1/rendez-vous", Body(TestData.NewEmail()))).StatusCode);
        Assert.Equal(1, await BookingWorld.LiveCountAsync(factory, world.AdvisorId));
    }

    [Fact]
    public async Task The_endpoints_are_in_the_openapi_document()
    {
        var document = await factory.CreateApiClient(null).GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/lieux/{id}/creneaux", document);
        Assert.Contains("/api/v1/rendez-vous", document);
        Assert.Contains("Créneaux libres d'un lieu", document);
    }

    [Fact]
    public async Task Public_posts_are_rate_limited_by_the_configured_number_per_minute()
    {
        await using var limited = new MaillageFactory().WithSetting("Agenda:PublicPostsPerMinute", "2");
        var world = await BookingWorld.CreateAsync(limited);
        var slot = await world.SlotAsync(limited);
        var day = DateOnly.FromDateTime(Maillage.Shared.Web.ParisTime.ToParis(slot.Start).DateTime).ToString("yyyy-MM-dd");
        var url = $"/rendez-vous?lieu={world.PlaceId}&motif={world.MotifId}&jour={day}";
        var client = limited.CreateBrowserClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var response = await Forms.SubmitAsync(client, url, new Dictionary<string, string> { ["Input.Name"] = "", ["Input.Phone"] = "1" }, "form[method=post]");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        // Reading pages is not counted as posting.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
    }
}
