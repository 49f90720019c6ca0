using System.Net;
using Maillage.Features.Agenda;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Agenda.Conseillers;

/// <summary>The advisor's profile and drop-in hours over HTTP: first-visit profile, overlaps refused, other organizations kept out.</summary>
[Trait("Category", "Database")]
public sealed class PermanencePagesTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private const string Form = "form.form[method=post]";

    private static Dictionary<string, string> Range(int placeId, string day, string start, string end, string from = "2026-01-05", string until = "") => new()
    {
        ["Form.PlaceId"] = placeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Form.Day"] = day,
        ["Form.Start"] = start,
        ["Form.End"] = end,
        ["Form.ValidFrom"] = from,
        ["Form.ValidUntil"] = until,
        ["Form.Mode"] = "Appointment",
    };

    [Fact]
    public async Task An_advisors_profile_is_created_on_the_first_visit_and_saved_with_places_languages_and_themes()
    {
        await factory.EnsureTerritoriesAsync();
        var organization = await factory.CreateOrganizationAsync();
        var place = await factory.CreatePlaceAsync(organization.Id);
        var email = TestData.NewEmail("cnfs");
        var advisor = await factory.CreateUserAsync(email, TestData.Password, Role.Conseiller, organizationId: organization.Id, displayName: "Karim Haddad");
        var client = factory.CreateBrowserClient();
        await factory.LoginAsync(client, email, TestData.Password);

        var page = await Forms.GetDocumentAsync(client, "/agenda/profil");
        Assert.Equal("Karim H.", page.QuerySelector("#Form_PublicName")!.GetAttribute("value"));
        var saved = await Forms.SubmitAsync(client, "/agenda/profil", new Dictionary<string, string>
        {
            ["Form.PublicName"] = "Karim",
            ["Form.Bio"] = "J'aide pour les démarches en ligne.",
            ["Form.Languages"] = "ar",
            ["Form.Themes"] = "AdministrativeProcedures",
            ["Form.PlaceIds"] = place.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, Form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var profile = await factory.WithDbAsync(db => db.AdvisorProfiles.Include(p => p.Places).SingleAsync(p => p.UserId == advisor.Id));
        Assert.Equal(("Karim", "|ar|", organization.Id), (profile.PublicName, profile.Languages, profile.OrganizationId));
        Assert.Equal(place.Id, Assert.Single(profile.Places).PlaceId);

        var invalid = await Forms.SubmitAsync(client, "/agenda/profil", new Dictionary<string, string> { ["Form.PublicName"] = " " }, Form);
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var html = Forms.Parse(await invalid.Content.ReadAsStringAsync());
        Assert.Contains("Indiquez le nom que le public lira", html.QuerySelector("#Form_PublicName-error")!.TextContent);
        Assert.Equal("true", html.QuerySelector("#Form_PublicName")!.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task Overlapping_permanences_of_one_advisor_are_refused_with_a_french_message_and_nothing_saved()
    {
        var team = await AgendaTeam.CreateAsync(factory);
        var first = await Forms.SubmitAsync(team.Client, "/agenda/permanences/nouvelle", Range(team.PlaceId, "Tuesday", "09:00", "12:00"), Form);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        // 11:00-13:00 on Tuesday overlaps 9:00-12:00, even at another place of the organization.
        var otherPlace = await factory.CreatePlaceAsync(team.OrganizationId);
        var clash = await Forms.SubmitAsync(team.Client, "/agenda/permanences/nouvelle", Range(otherPlace.Id, "Tuesday", "11:00", "13:00"), Form);
        Assert.Equal(HttpStatusCode.OK, clash.StatusCode);
        var html = Forms.Parse(await clash.Content.ReadAsStringAsync());
        Assert.StartsWith("Cette plage chevauche une autre permanence : le mardi de 9 h à 12 h", html.QuerySelector("#Form_Start-error")!.TextContent.Trim());
        Assert.Equal("true", html.QuerySelector("#Form_Start")!.GetAttribute("aria-invalid"));

        // Back to back is fine; so is the same time once the first range has ended; end before start is refused.
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(team.Client, "/agenda/permanences/nouvelle", Range(team.PlaceId, "Tuesday", "12:00", "13:00"), Form)).StatusCode);
        var first1 = await factory.WithDbAsync(db => db.Permanences.Where(p => p.AdvisorId == team.AdvisorId).OrderBy(p => p.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(team.Client, $"/agenda/permanences/{first1.Id}/modifier", Range(team.PlaceId, "Tuesday", "09:00", "12:00", until: "2026-06-30"), Form)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(team.Client, "/agenda/permanences/nouvelle", Range(team.PlaceId, "Tuesday", "10:00", "11:00", from: "2026-07-01"), Form)).StatusCode);
        var reversed = await Forms.SubmitAsync(team.Client, "/agenda/permanences/nouvelle", Range(team.PlaceId, "Friday", "14:00", "13:00"), Form);
        Assert.Contains("L'heure de fin doit être après l'heure de début.", Forms.Parse(await reversed.Content.ReadAsStringAsync()).QuerySelector("#Form_End-error")!.TextContent);

        var saved = await factory.WithDbAsync(db => db.Permanences.Where(p => p.AdvisorId == team.AdvisorId).ToListAsync());
        Assert.Equal(3, saved.Count);
        Assert.DoesNotContain(saved, p => p.PlaceId == otherPlace.Id);
        // Three creations and one change, each journalled.
        Assert.Equal(4, await factory.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == Maillage.Features.Audit.AuditActions.PermanenceChanged && e.ActorId == team.AdvisorId)));

        // The range that ended in June is listed only when asked for.
        var list = await team.Client.GetStringAsync("/agenda/permanences");
        Assert.Contains("Le mardi de 10 h à 11 h", list);
        Assert.DoesNotContain("Le mardi de 9 h à 12 h", list);
        Assert.Contains("Le mardi de 9 h à 12 h", await team.Client.GetStringAsync("/agenda/permanences?terminees=true"));
    }

    [Fact]
    public async Task An_advisor_of_another_organization_gets_404_and_a_structure_manages_its_advisors_hours()
    {
        var team = await AgendaTeam.CreateAsync(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(team.Client, "/agenda/permanences/nouvelle", Range(team.PlaceId, "Monday", "14:00", "17:00"), Form)).StatusCode);
        var id = await factory.WithDbAsync(db => db.Permanences.Where(p => p.AdvisorId == team.AdvisorId).Select(p => p.Id).SingleAsync());

        var stranger = await AgendaTeam.CreateAsync(factory);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/agenda/permanences/{id}/modifier")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/agenda/permanences/{id}/supprimer")).StatusCode);
        Assert.DoesNotContain("14 h à 17 h", await stranger.Client.GetStringAsync("/agenda/permanences"));
        // Nor can they set hours for someone else, or at a place of another organization.
        var forged = Range(team.PlaceId, "Wednesday", "09:00", "10:00");
        forged["Form.AdvisorId"] = team.AdvisorId;
        var refused = await Forms.SubmitAsync(stranger.Client, "/agenda/permanences/nouvelle", forged, Form);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Permanences.CountAsync(p => p.AdvisorId == team.AdvisorId)));

        var structureEmail = TestData.NewEmail("structure");
        await factory.CreateUserAsync(structureEmail, TestData.Password, Role.Structure, organizationId: team.OrganizationId);
        var structure = factory.CreateBrowserClient();
        await factory.LoginAsync(structure, structureEmail, TestData.Password);
        Assert.Contains("14 h à 17 h", await structure.GetStringAsync("/agenda/permanences"));
        var deleted = await Forms.SubmitAsync(structure, $"/agenda/permanences/{id}/supprimer", new Dictionary<string, string>(), Form);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Permanences.CountAsync(p => p.AdvisorId == team.AdvisorId)));
    }
}
