using System.Net;
using Maillage.Features.Accompagnements;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Accompagnements;

/// <summary>The record pages over HTTP: the form's messages, a double submission, named files in and out of scope, readers and other organizations.</summary>
[Trait("Category", "Database")]
public sealed class ActivityPagesTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private const string ActivityForm = "form[data-activity-form]";

    private sealed record Team(int OrganizationId, int PlaceId, string AdvisorId, HttpClient Client);

    private async Task<Team> TeamAsync(int? organizationId = null)
    {
        var organization = organizationId ?? (await factory.CreateOrganizationAsync()).Id;
        var place = await factory.CreatePlaceAsync(organization);
        var email = $"cnfs-{Guid.NewGuid():N}@exemple.test";
        var advisor = await factory.CreateUserAsync(email, TestData.Password, Role.Conseiller, organizationId: organization);
        var client = factory.CreateBrowserClient();
        await factory.LoginAsync(client, email, TestData.Password);
        return new Team(organization, place.Id, advisor.Id, client);
    }

    private Task<long> FileAsync(Team team, string first = "Zoé", string last = "Faure") => factory.WithDbAsync(async db =>
    {
        var now = DateTimeOffset.UtcNow;
        var file = new Beneficiary
        {
            OrganizationId = team.OrganizationId,
            FirstName = first,
            LastName = last,
            SearchName = Maillage.Shared.Text.TextFold.Fold(first + " " + last),
            ConsentAt = now,
            ConsentById = team.AdvisorId,
            ConsentPurpose = "Suivre vos démarches.",
            CreatedById = team.AdvisorId,
            CreatedAt = now,
            ModifiedAt = now,
        };
        db.Beneficiaries.Add(file);
        await db.SaveChangesAsync();
        return file.Id;
    });

    [Fact]
    public async Task The_form_saves_once_even_when_sent_twice_and_shows_french_messages_on_the_fields()
    {
        var team = await TeamAsync();
        var page = await Forms.GetDocumentAsync(team.Client, "/activites/nouvelle");
        var key = page.QuerySelector("input[name='Form.IdempotencyKey']")!.GetAttribute("value")!;
        Assert.Equal(32, key.Length);

        // The place is preselected (the organization's only one), the duration is 30 min: one theme is enough.
        var values = new Dictionary<string, string> { ["Form.Themes"] = "Email", ["Form.IdempotencyKey"] = key };
        var first = await Forms.SubmitAsync(team.Client, "/activites/nouvelle", values, ActivityForm);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await Forms.SubmitAsync(team.Client, "/activites/nouvelle", values, ActivityForm);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var saved = await factory.WithDbAsync(db => db.Activities.Where(a => a.AdvisorId == team.AdvisorId).ToListAsync());
        var record = Assert.Single(saved);
        Assert.Equal((team.PlaceId, 30, ActivityTheme.Email), (record.PlaceId!.Value, record.DurationMinutes, record.Themes));

        var invalid = await Forms.SubmitAsync(team.Client, "/activites/nouvelle", new Dictionary<string, string>
        {
            ["Form.Location"] = "Home",
            ["Form.LocationCommune"] = "Saint-Nulle-Part",
            ["Form.DurationMinutes"] = "0",
            ["Form.OtherDuration"] = "600",
        }, ActivityForm);
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var html = Forms.Parse(await invalid.Content.ReadAsStringAsync());
        Assert.Equal("Choisissez au moins une thématique.", html.QuerySelector("#Form_Themes-error")!.TextContent.Trim());
        Assert.Equal("La durée doit être comprise entre 1 minute et 8 heures.", html.QuerySelector("#Form_DurationMinutes-error")!.TextContent.Trim());
        Assert.StartsWith("Commune inconnue : « Saint-Nulle-Part ».", html.QuerySelector("#Form_LocationCommune-error")!.TextContent.Trim());
        Assert.Equal("true", html.QuerySelector("#Form_LocationCommune")!.GetAttribute("aria-invalid"));
        Assert.Equal("600", html.QuerySelector("#Form_OtherDuration")!.GetAttribute("value"));
        Assert.Single(await factory.WithDbAsync(db => db.Activities.Where(a => a.AdvisorId == team.AdvisorId).ToListAsync()));

        // A commune written with its postal code is read back as its INSEE code.
        var home = await Forms.SubmitAsync(team.Client, "/activites/nouvelle", new Dictionary<string, string>
        {
            ["Form.Themes"] = "Health",
            ["Form.Location"] = "Home",
            ["Form.LocationCommune"] = "saint-chamond (42400)",
        }, ActivityForm);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal(MaillageFactory.SaintChamond, await factory.WithDbAsync(db => db.Activities.Where(a => a.AdvisorId == team.AdvisorId && a.Location == ActivityLocation.Home).Select(a => a.LocationCommuneCode).SingleAsync()));
    }

    [Fact]
    public async Task A_named_file_is_recorded_for_only_within_its_organization_and_a_colleagues_view_is_audited()
    {
        var team = await TeamAsync();
        var fileId = await FileAsync(team);
        var form = await team.Client.GetStringAsync($"/activites/nouvelle?beneficiaire={fileId}");
        Assert.Contains("Zoé Faure", form);
        var saved = await Forms.SubmitAsync(team.Client, $"/activites/nouvelle?beneficiaire={fileId}", new Dictionary<string, string> { ["Form.Themes"] = "AdministrativeProcedures", ["Form.ProcedureFamilies"] = "Housing" }, ActivityForm);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var activity = await factory.WithDbAsync(db => db.Activities.SingleAsync(a => a.BeneficiaryId == fileId));
        Assert.Equal(ProcedureFamily.Housing, activity.ProcedureFamilies);
        Assert.Equal(activity.Date, await factory.WithDbAsync(db => db.Beneficiaries.Where(b => b.Id == fileId).Select(b => b.LastActivityOn).SingleAsync()));

        // Another organization's advisor: neither the file nor the record.
        var stranger = await TeamAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/activites/nouvelle?beneficiaire={fileId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/activites/{activity.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/activites/{activity.Id}/modifier")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/activites/{activity.Id}/supprimer")).StatusCode);

        // The organization's Structure account reads the record with the name, and that read of the file is journalled.
        var structureEmail = $"str-{Guid.NewGuid():N}@exemple.test";
        await factory.CreateUserAsync(structureEmail, TestData.Password, Role.Structure, organizationId: team.OrganizationId);
        var structure = factory.CreateBrowserClient();
        await factory.LoginAsync(structure, structureEmail, TestData.Password);
        Assert.Contains("Zoé Faure", await structure.GetStringAsync($"/activites/{activity.Id}"));
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.BeneficiaryRead && e.TargetId == fileId.ToString())));

        // A territory coordinator reads the record, never the name.
        var coordinatorEmail = $"coord-{Guid.NewGuid():N}@exemple.test";
        await factory.CreateUserAsync(coordinatorEmail, TestData.Password, Role.Coordinateur, MaillageFactory.SaintEtienne);
        var coordinator = factory.CreateBrowserClient();
        await factory.LoginAsync(coordinator, coordinatorEmail, TestData.Password);
        var seen = await coordinator.GetStringAsync($"/activites/{activity.Id}");
        Assert.DoesNotContain("Zoé", seen);
        Assert.Contains("Fiche nominative (visible par sa structure)", seen);
    }

    [Fact]
    public async Task Readers_see_figures_not_records_and_cannot_open_the_form()
    {
        var email = $"elu-{Guid.NewGuid():N}@exemple.test";
        await factory.CreateUserAsync(email, TestData.Password, Role.Lecteur, MaillageFactory.SaintEtienne);
        var reader = factory.CreateBrowserClient();
        await factory.LoginAsync(reader, email, TestData.Password);
        var list = await reader.GetAsync("/activites");
        Assert.Equal(HttpStatusCode.Redirect, list.StatusCode);
        Assert.Equal("/activites/statistiques", list.Headers.Location!.OriginalString);
        var form = await reader.GetAsync("/activites/nouvelle");
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        Assert.StartsWith("/acces-refuse", form.Headers.Location!.AbsolutePath);
    }
}
