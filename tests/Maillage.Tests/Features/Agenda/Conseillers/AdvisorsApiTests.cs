using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;

namespace Maillage.Tests.Features.Agenda.Conseillers;

/// <summary>/api/v1/permanences and /api/v1/rendez-vous (advisor's side): rules, French problems and scope.</summary>
[Trait("Category", "Database")]
public sealed class AdvisorsApiTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task Permanences_are_created_listed_and_changed_through_the_api_with_overlaps_refused_and_scope_kept()
    {
        var team = await AgendaTeam.CreateAsync(factory);
        var body = new { placeId = team.PlaceId, day = "Thursday", start = "09:00", end = "12:00", validFrom = "2026-01-01", mode = "Appointment", observesPublicHolidays = true };
        var created = await team.Client.PostAsJsonAsync("/api/v1/permanences", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = dto.GetProperty("id").GetInt32();
        Assert.Equal(team.AdvisorId, dto.GetProperty("advisorId").GetString());

        var clash = await team.Client.PostAsJsonAsync("/api/v1/permanences", body with { start = "11:30", end = "13:00" });
        Assert.Equal(HttpStatusCode.BadRequest, clash.StatusCode);
        var problem = await clash.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Données invalides", problem.GetProperty("title").GetString());
        Assert.StartsWith("Cette plage chevauche une autre permanence", problem.GetProperty("errors").GetProperty("start")[0].GetString());

        var list = await team.Client.GetFromJsonAsync<JsonElement>("/api/v1/permanences?conseiller=moi");
        Assert.Equal(1, list.GetProperty("total").GetInt32());

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/permanences/{id}") { Content = JsonContent.Create(body with { end = "12:30" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "999");
        Assert.Equal(HttpStatusCode.Conflict, (await team.Client.SendAsync(stale)).StatusCode);
        var put = await team.Client.PutAsJsonAsync($"/api/v1/permanences/{id}", body with { end = "12:30" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("12:30:00", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("end").GetString());

        var stranger = await AgendaTeam.CreateAsync(factory);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/v1/permanences/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.DeleteAsync($"/api/v1/permanences/{id}")).StatusCode);
        Assert.Equal(0, (await stranger.Client.GetFromJsonAsync<JsonElement>("/api/v1/permanences")).GetProperty("total").GetInt32());

        // An API client of the organization (Structure) reads them; a reader of the territory is refused.
        var token = await factory.CreateApiClientAsync(Role.Structure, organizationId: team.OrganizationId);
        var client = factory.CreateApiClient(token);
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/permanences?conseiller={team.AdvisorId}")).GetProperty("total").GetInt32());
        var reader = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Lecteur, territoryCode: MaillageFactory.DepartementCode));
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/v1/permanences")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await team.Client.DeleteAsync($"/api/v1/permanences/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await team.Client.GetAsync($"/api/v1/permanences/{id}")).StatusCode);
    }

    [Fact]
    public async Task Appointments_are_listed_in_scope_and_their_status_changes_by_the_rules()
    {
        var team = await AgendaTeam.CreateAsync(factory);
        var motif = await team.MotifAsync(factory);
        var past = await team.AppointmentAsync(factory, motif, DateTimeOffset.UtcNow.AddDays(-1));
        var future = await team.AppointmentAsync(factory, motif, DateTimeOffset.UtcNow.AddDays(1));

        var list = await team.Client.GetFromJsonAsync<JsonElement>("/api/v1/rendez-vous");
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        var booked = await team.Client.GetFromJsonAsync<JsonElement>("/api/v1/rendez-vous?statut=Booked&du=" + Maillage.Shared.Web.ParisTime.ToParis(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(future, Assert.Single(booked.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, (await team.Client.GetAsync("/api/v1/rendez-vous?du=2026-02-01&au=2026-01-01")).StatusCode);

        var early = await team.Client.PostAsJsonAsync($"/api/v1/rendez-vous/{future}/statut", new { statut = "Honoured" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("n'a pas encore commencé", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await team.Client.PostAsJsonAsync($"/api/v1/rendez-vous/{past}/statut", new { statut = "Booked" })).StatusCode);
        var honoured = await team.Client.PostAsJsonAsync($"/api/v1/rendez-vous/{past}/statut", new { statut = "NoShow" });
        Assert.Equal(HttpStatusCode.OK, honoured.StatusCode);
        Assert.Equal("NoShow", (await honoured.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var stranger = await AgendaTeam.CreateAsync(factory);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/v1/rendez-vous/{past}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsJsonAsync($"/api/v1/rendez-vous/{future}/statut", new { statut = "Cancelled" })).StatusCode);
        Assert.Equal(0, (await stranger.Client.GetFromJsonAsync<JsonElement>("/api/v1/rendez-vous")).GetProperty("total").GetInt32());
    }
}
