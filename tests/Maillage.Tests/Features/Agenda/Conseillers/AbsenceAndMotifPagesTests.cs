using System.Net;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Agenda.Conseillers;

/// <summary>Absences and closures, and the motifs that managers keep.</summary>
[Trait("Category", "Database")]
public sealed class AbsenceAndMotifPagesTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private const string Form = "form.form[method=post]";

    private async Task<HttpClient> StructureAsync(int organizationId)
    {
        var email = TestData.NewEmail("structure");
        await factory.CreateUserAsync(email, TestData.Password, Role.Structure, organizationId: organizationId);
        var client = factory.CreateBrowserClient();
        await factory.LoginAsync(client, email, TestData.Password);
        return client;
    }

    [Fact]
    public async Task An_absence_removes_the_advisors_slots_a_closure_is_for_managers_and_both_are_deleted_after_confirmation()
    {
        var team = await AgendaTeam.CreateAsync(factory);
        var invalid = await Forms.SubmitAsync(team.Client, "/agenda/absences", new Dictionary<string, string>
        {
            ["Form.StartDate"] = "2027-03-10",
            ["Form.StartTime"] = "14:00",
            ["Form.EndDate"] = "2027-03-10",
            ["Form.EndTime"] = "09:00",
        }, Form);
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Equal("La fin doit être après le début.", Forms.Parse(await invalid.Content.ReadAsStringAsync()).QuerySelector("#Form_EndDate-error")!.TextContent.Trim());

        var saved = await Forms.SubmitAsync(team.Client, "/agenda/absences", new Dictionary<string, string>
        {
            ["Form.StartDate"] = "2027-03-10",
            ["Form.StartTime"] = "08:00",
            ["Form.EndDate"] = "2027-03-12",
            ["Form.EndTime"] = "19:00",
            ["Form.Reason"] = "Formation",
        }, Form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var absence = await factory.WithDbAsync(db => db.Absences.SingleAsync(a => a.AdvisorId == team.AdvisorId));
        Assert.Equal(new DateTimeOffset(2027, 3, 10, 7, 0, 0, TimeSpan.Zero), absence.Start);

        // An advisor cannot close a place (no such choice), nor declare an absence for a colleague.
        var colleague = await AgendaTeam.CreateAsync(factory, team.OrganizationId, "Paul Martin");
        var forged = await Forms.SubmitAsync(team.Client, "/agenda/absences", new Dictionary<string, string>
        {
            ["Form.Kind"] = "fermeture",
            ["Form.PlaceId"] = team.PlaceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.StartDate"] = "2027-03-10",
            ["Form.EndDate"] = "2027-03-10",
        }, Form);
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        var forAColleague = await Forms.SubmitAsync(team.Client, "/agenda/absences", new Dictionary<string, string>
        {
            ["Form.AdvisorId"] = colleague.AdvisorId,
            ["Form.StartDate"] = "2027-03-10",
            ["Form.EndDate"] = "2027-03-10",
        }, Form);
        Assert.Equal(HttpStatusCode.OK, forAColleague.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Absences.CountAsync(a => a.PlaceId == team.PlaceId || a.AdvisorId == colleague.AdvisorId)));
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.Client.GetAsync($"/agenda/absences/{absence.Id}/supprimer")).StatusCode);

        // The structure closes its place every Wednesday afternoon until the end of April.
        var structure = await StructureAsync(team.OrganizationId);
        var closure = await Forms.SubmitAsync(structure, "/agenda/absences", new Dictionary<string, string>
        {
            ["Form.Kind"] = "fermeture",
            ["Form.PlaceId"] = team.PlaceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.StartDate"] = "2027-03-03",
            ["Form.StartTime"] = "12:00",
            ["Form.EndDate"] = "2027-03-03",
            ["Form.EndTime"] = "19:00",
            ["Form.RepeatWeeklyUntil"] = "2027-04-30",
        }, Form);
        Assert.Equal(HttpStatusCode.Redirect, closure.StatusCode);
        Assert.Equal(new DateOnly(2027, 4, 30), await factory.WithDbAsync(db => db.Absences.Where(a => a.PlaceId == team.PlaceId).Select(a => a.RepeatWeeklyUntil).SingleAsync()));
        Assert.Contains("Formation", await structure.GetStringAsync("/agenda/absences"));

        // In the advisor's week of 8 March 2027 (a Wednesday permanence there): the absence on three days, the closure on Wednesday.
        await factory.WithDbAsync(async db =>
        {
            db.Permanences.Add(new Permanence { AdvisorProfileId = team.ProfileId, AdvisorId = team.AdvisorId, PlaceId = team.PlaceId, Day = DayOfWeek.Wednesday, Start = new TimeOnly(9, 0), End = new TimeOnly(17, 0), ValidFrom = new DateOnly(2027, 1, 1), CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        var week = Forms.Parse(await team.Client.GetStringAsync("/agenda?date=2027-03-08"));
        var days = week.QuerySelectorAll("li.agenda-day").ToList();
        Assert.Equal(7, days.Count);
        Assert.Equal([false, false, true, true, true, false, false], days.Select(d => d.TextContent.Contains("Absence", StringComparison.Ordinal)));
        Assert.Equal([false, false, true, false, false, false, false], days.Select(d => d.TextContent.Contains("Fermeture", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(team.Client, $"/agenda/absences/{absence.Id}/supprimer", new Dictionary<string, string>(), Form)).StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.Absences.AnyAsync(a => a.Id == absence.Id)));
    }

    [Fact]
    public async Task Managers_keep_the_motifs_of_their_organization_and_advisors_only_read_them()
    {
        var team = await AgendaTeam.CreateAsync(factory);
        // An advisor is sent to the « accès refusé » page.
        var refused = await team.Client.GetAsync("/agenda/motifs/nouveau");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("acces", refused.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
        var structure = await StructureAsync(team.OrganizationId);
        var page = await Forms.GetDocumentAsync(structure, "/agenda/motifs/nouveau");
        Assert.Equal("2", page.QuerySelector("#Form_NoticeHours")!.GetAttribute("value"));
        Assert.Equal("30", page.QuerySelector("#Form_HorizonDays")!.GetAttribute("value"));

        var invalid = await Forms.SubmitAsync(structure, "/agenda/motifs/nouveau", new Dictionary<string, string> { ["Form.Name"] = "", ["Form.DurationMinutes"] = "0" }, Form);
        var html = Forms.Parse(await invalid.Content.ReadAsStringAsync());
        Assert.Contains("Indiquez le nom du motif", html.QuerySelector("#Form_Name-error")!.TextContent);
        Assert.Contains("Choisissez la thématique", html.QuerySelector("#Form_Theme-error")!.TextContent);

        var saved = await Forms.SubmitAsync(structure, "/agenda/motifs/nouveau", new Dictionary<string, string>
        {
            ["Form.Name"] = "Prendre en main sa tablette (motif de la structure)",
            ["Form.DurationMinutes"] = "60",
            ["Form.Theme"] = "DeviceHandling",
            ["Form.OrganizationId"] = team.OrganizationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, Form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var motif = await factory.WithDbAsync(db => db.AppointmentMotifs.SingleAsync(m => m.OrganizationId == team.OrganizationId));
        Assert.Equal((60, 120, 30, ActivityTheme.DeviceHandling), (motif.DurationMinutes, motif.MinimumNoticeMinutes, motif.HorizonDays, motif.Theme));

        Assert.Contains("Prendre en main sa tablette (motif de la structure)", await team.Client.GetStringAsync("/agenda/motifs"));
        var stranger = await AgendaTeam.CreateAsync(factory);
        Assert.DoesNotContain("Prendre en main sa tablette (motif de la structure)", await stranger.Client.GetStringAsync("/agenda/motifs"));
        var otherStructure = await StructureAsync(stranger.OrganizationId);
        Assert.Equal(HttpStatusCode.NotFound, (await otherStructure.GetAsync($"/agenda/motifs/{motif.Id}/modifier")).StatusCode);
    }
}
