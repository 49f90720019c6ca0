using System.Net;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Comptes;
using Maillage.Shared.Web;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Agenda.Conseillers;

/// <summary>The agenda views, an appointment's statuses and no-show rate, « Transformer en compte rendu », the private feed.</summary>
[Trait("Category", "Database")]
public sealed class AppointmentPagesTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private const string Form = "form.form[method=post]";

    [Fact]
    public async Task The_week_and_day_views_and_the_day_sheet_show_the_advisors_appointments_and_nobody_elses()
    {
        var team = await AgendaTeam.CreateAsync(factory);
        var motif = await team.MotifAsync(factory);
        var start = DateTimeOffset.UtcNow.AddDays(2);
        var id = await team.AppointmentAsync(factory, motif, start);
        var date = DateOnly.FromDateTime(ParisTime.ToParis(start).DateTime);

        var week = await team.Client.GetStringAsync($"/agenda?date={date:yyyy-MM-dd}");
        Assert.Contains($"/agenda/rendez-vous/{id}", week);
        Assert.Contains("Zoé Faure", week);
        var day = await team.Client.GetStringAsync($"/agenda?vue=jour&date={date:yyyy-MM-dd}");
        Assert.Contains($"/agenda/rendez-vous/{id}", day);
        Assert.DoesNotContain($"/agenda/rendez-vous/{id}", await team.Client.GetStringAsync($"/agenda?vue=jour&date={date.AddDays(1):yyyy-MM-dd}"));
        var sheet = await team.Client.GetStringAsync($"/agenda/jour?date={date:yyyy-MM-dd}");
        Assert.Contains("zoe@exemple.test", sheet);

        var stranger = await AgendaTeam.CreateAsync(factory);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/agenda/rendez-vous/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/agenda/rendez-vous/{id}/statut/annule")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/agenda?conseiller={team.AdvisorId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/agenda/jour?conseiller={team.AdvisorId}")).StatusCode);
        Assert.DoesNotContain("Zoé Faure", await stranger.Client.GetStringAsync($"/agenda?date={date:yyyy-MM-dd}"));

        // The organization's Structure account sees it in that advisor's agenda.
        var structureEmail = TestData.NewEmail("structure");
        await factory.CreateUserAsync(structureEmail, TestData.Password, Role.Structure, organizationId: team.OrganizationId);
        var structure = factory.CreateBrowserClient();
        await factory.LoginAsync(structure, structureEmail, TestData.Password);
        Assert.Contains($"/agenda/rendez-vous/{id}", await structure.GetStringAsync($"/agenda?date={date:yyyy-MM-dd}&conseiller={team.AdvisorId}"));
    }

    [Fact]
    public async Task Statuses_follow_their_rules_the_person_is_told_of_a_cancellation_and_the_no_show_rate_counts_them()
    {
        var team = await AgendaTeam.CreateAsync(factory);
        var motif = await team.MotifAsync(factory);
        var past1 = await team.AppointmentAsync(factory, motif, DateTimeOffset.UtcNow.AddDays(-3));
        var past2 = await team.AppointmentAsync(factory, motif, DateTimeOffset.UtcNow.AddDays(-2));
        var past3 = await team.AppointmentAsync(factory, motif, DateTimeOffset.UtcNow.AddDays(-1));
        var email = TestData.NewEmail("personne");
        var future = await team.AppointmentAsync(factory, motif, DateTimeOffset.UtcNow.AddDays(3), email);

        // A future appointment cannot be honoured yet: the confirmation page says why and offers no button.
        var early = await Forms.GetDocumentAsync(team.Client, $"/agenda/rendez-vous/{future}/statut/honore");
        Assert.Contains("n'a pas encore commencé", early.QuerySelector(".alert")!.TextContent);
        Assert.Null(early.QuerySelector("form.form[method=post]"));
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(team.Client, $"/agenda/rendez-vous/{past1}/statut/honore", new Dictionary<string, string>(), Form)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(team.Client, $"/agenda/rendez-vous/{past2}/statut/honore", new Dictionary<string, string>(), Form)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(team.Client, $"/agenda/rendez-vous/{past3}/statut/absent", new Dictionary<string, string>(), Form)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(team.Client, $"/agenda/rendez-vous/{future}/statut/annule", new Dictionary<string, string>(), Form)).StatusCode);

        var statuses = await factory.WithDbAsync(db => db.Appointments.Where(a => a.AdvisorId == team.AdvisorId).OrderBy(a => a.Start).Select(a => new { a.Status, a.CancelledBy }).ToListAsync());
        Assert.Equal([AppointmentStatus.Honoured, AppointmentStatus.Honoured, AppointmentStatus.NoShow, AppointmentStatus.Cancelled], statuses.Select(s => s.Status));
        Assert.Equal(CancelledBy.Staff, statuses[3].CancelledBy);
        var mail = await Mailbox.WaitForAsync(email);
        Assert.Equal("Votre rendez-vous est annulé", mail.Subject);

        // Cancelled is final.
        var again = await Forms.GetDocumentAsync(team.Client, $"/agenda/rendez-vous/{future}/statut/honore");
        Assert.Contains("est annulé", again.QuerySelector(".alert")!.TextContent);
        Assert.Equal(4, await factory.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == Maillage.Features.Audit.AuditActions.AppointmentStatusChanged && e.ActorId == team.AdvisorId)));

        // 1 absent out of 3 marked: 33 %.
        var agenda = Forms.Parse(await team.Client.GetStringAsync("/agenda"));
        Assert.Contains("33 %", agenda.QuerySelector(".agenda-figures")!.TextContent);
        var structureEmail = TestData.NewEmail("structure");
        await factory.CreateUserAsync(structureEmail, TestData.Password, Role.Structure, organizationId: team.OrganizationId);
        var structure = factory.CreateBrowserClient();
        await factory.LoginAsync(structure, structureEmail, TestData.Password);
        var managed = Forms.Parse(await structure.GetStringAsync("/agenda"));
        var row = managed.QuerySelectorAll("table tbody tr").Single(r => r.TextContent.Contains("Samia Benali", StringComparison.Ordinal));
        Assert.Equal(["2", "1", "33 %"], row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public async Task An_honoured_appointment_opens_the_activity_form_prefilled_and_the_saved_record_is_linked_back()
    {
        var team = await AgendaTeam.CreateAsync(factory);
        var motif = await team.MotifAsync(factory, minutes: 45, theme: ActivityTheme.Email);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var id = await team.AppointmentAsync(factory, motif, start);

        // Not honoured yet: no form.
        Assert.Equal(HttpStatusCode.NotFound, (await team.Client.GetAsync($"/activites/nouvelle?rendezVous={id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(team.Client, $"/agenda/rendez-vous/{id}/statut/honore", new Dictionary<string, string>(), Form)).StatusCode);
        var details = await team.Client.GetStringAsync($"/agenda/rendez-vous/{id}");
        Assert.Contains($"/activites/nouvelle?rendezVous={id}", details);

        var url = $"/activites/nouvelle?rendezVous={id}";
        var form = await Forms.GetDocumentAsync(team.Client, url);
        Assert.Equal(DateOnly.FromDateTime(ParisTime.ToParis(start).DateTime).ToString("yyyy-MM-dd"), form.QuerySelector("#Form_Date")!.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector("input[name='Form.Themes'][value='Email'][checked]"));
        Assert.NotNull(form.QuerySelector("input[name='Form.DurationMinutes'][value='45'][checked]"));
        Assert.Equal(team.PlaceId.ToString(System.Globalization.CultureInfo.InvariantCulture), form.QuerySelector("#Form_PlaceId option[selected]")!.GetAttribute("value"));

        var saved = await Forms.SubmitAsync(team.Client, url, new Dictionary<string, string>(), "form[data-activity-form]");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var activity = await factory.WithDbAsync(db => db.Activities.SingleAsync(a => a.AdvisorId == team.AdvisorId));
        Assert.Equal((45, ActivityTheme.Email, team.PlaceId, ActivityType.Individual), (activity.DurationMinutes, activity.Themes, activity.PlaceId!.Value, activity.Type));
        Assert.Equal(activity.Id, await factory.WithDbAsync(db => db.Appointments.Where(a => a.Id == id).Select(a => a.ActivityId).SingleAsync()));

        // Once recorded, the appointment shows the record and does not open a second form.
        Assert.Contains($"/activites/{activity.Id}", await team.Client.GetStringAsync($"/agenda/rendez-vous/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, (await team.Client.GetAsync(url)).StatusCode);
        // A colleague of the same organization cannot turn someone else's appointment into their record.
        var colleague = await AgendaTeam.CreateAsync(factory, team.OrganizationId, "Paul Martin");
        var other = await team.AppointmentAsync(factory, motif, start.AddMinutes(-60), status: AppointmentStatus.Honoured);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.Client.GetAsync($"/activites/nouvelle?rendezVous={other}")).StatusCode);
    }

    [Fact]
    public async Task The_private_feed_serves_the_advisors_appointments_until_revoked()
    {
        var team = await AgendaTeam.CreateAsync(factory);
        var motif = await team.MotifAsync(factory);
        await team.AppointmentAsync(factory, motif, DateTimeOffset.UtcNow.AddDays(5));
        await team.AppointmentAsync(factory, motif, DateTimeOffset.UtcNow.AddDays(200));

        var opened = await Forms.SubmitAsync(team.Client, "/agenda/flux", new Dictionary<string, string>(), "main form[method=post]");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var url = Forms.Parse(await opened.Content.ReadAsStringAsync()).QuerySelector("#feed-url")!.GetAttribute("value")!;
        Assert.Matches("/agenda/flux/cal_[A-Za-z0-9_-]+\\.ics$", url);
        var path = new Uri(url).AbsolutePath;
        // The page never shows it again.
        Assert.DoesNotContain(path, await team.Client.GetStringAsync("/agenda/flux"));

        var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var feed = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
        var ics = await feed.Content.ReadAsStringAsync();
        Assert.Contains("BEGIN:VCALENDAR", ics);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(ics, "BEGIN:VEVENT"));
        Assert.Contains("Zoé Faure", ics);
        Assert.DoesNotContain("zoe@exemple.test", ics);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/agenda/flux/cal_inconnu.ics")).StatusCode);

        var revoked = await Forms.SubmitAsync(team.Client, "/agenda/flux?revoquer=true", new Dictionary<string, string>(), "main form[method=post]");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Null(await factory.WithDbAsync(db => db.AdvisorProfiles.Where(p => p.Id == team.ProfileId).Select(p => p.CalendarFeedTokenHash).SingleAsync()));
    }
}
