using System.Net;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Agenda.Ateliers;

/// <summary>The staff side: programming a session, scope, the attendance sheet and its closing into one activity record.</summary>
[Trait("Category", "Database")]
public sealed class StaffWorkshopPagesTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task The_advisor_ticks_attendance_closes_it_and_finds_one_collective_activity_a_second_close_does_nothing()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory, capacity: 3, daysAhead: -1);
        var regs = await factory.WithDbAsync(async db =>
        {
            var list = Enumerable.Range(0, 3).Select(i => new Registration
            {
                WorkshopSessionId = sessionId,
                ContactName = $"Personne {i}",
                ContactEmail = TestData.NewEmail("p"),
                ContactKey = Guid.NewGuid().ToString(),
                ManagementTokenHash = Guid.NewGuid().ToString(),
                Status = RegistrationStatus.Confirmed,
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-3),
            }).ToList();
            db.Registrations.AddRange(list);
            await db.WorkshopSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ConfirmedCount, 3));
            await db.SaveChangesAsync();
            return list.Select(r => r.Id).ToList();
        });
        var client = factory.CreateBrowserClient();
        await factory.LoginAsync(client, world.AdvisorEmail, TestData.Password);

        var sheet = await Forms.GetDocumentAsync(client, $"/agenda/ateliers/{sessionId}/emargement");
        Assert.Equal(3, sheet.QuerySelectorAll("input[name=Present]").Length);
        var save = await client.PostAsync($"/agenda/ateliers/{sessionId}/emargement?handler=clore", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", sheet.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
            new("Present", regs[0].ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Present", regs[2].ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("WalkIns", "2"),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        var confirm = save.Headers.Location!.OriginalString;
        Assert.Equal($"/agenda/ateliers/{sessionId}/emargement/clore?sansInscription=2", confirm);

        var close = await Forms.SubmitAsync(client, confirm, new Dictionary<string, string>(), "main form[method=post]");
        Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        var activityPath = close.Headers.Location!.OriginalString;
        Assert.StartsWith("/activites/", activityPath);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(activityPath)).StatusCode);

        var activityId = long.Parse(activityPath["/activites/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var activity = await factory.WithDbAsync(db => db.Activities.AsNoTracking().SingleAsync(a => a.Id == activityId));
        Assert.Equal(ActivityType.Collective, activity.Type);
        Assert.Equal(4, activity.ParticipantCount);
        Assert.Equal(world.PlaceId, activity.PlaceId);
        Assert.Equal(world.TypeTitle, activity.WorkshopTitle);
        Assert.Equal(WorkshopLevel.Beginner, activity.WorkshopLevel);
        Assert.Equal(ActivityTheme.Security | ActivityTheme.Email, activity.Themes);
        Assert.Equal(120, activity.DurationMinutes);
        Assert.Equal(world.AdvisorId, activity.AdvisorId);
        var session = await WorkshopWorld.LoadAsync(factory, sessionId);
        Assert.Equal(activity.Id, session.ActivityId);
        Assert.NotNull(session.AttendanceClosedAt);
        Assert.Equal([true, false, true], session.Registrations.OrderBy(r => r.Id).Select(r => r.Attended ?? false));

        // Closing again, by the page or in parallel through the service, creates nothing more.
        var again = await client.PostAsync(confirm, new FormUrlEncodedContent([new("__RequestVerificationToken", sheet.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!)]));
        Assert.Equal($"/agenda/ateliers/{sessionId}", again.Headers.Location!.OriginalString);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => CloseAsync(world.AdvisorId, sessionId))));
        Assert.All(results, r => Assert.Equal((AttendanceCloseStatus.AlreadyClosed, activity.Id), (r.Status, r.ActivityId!.Value)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Activities.CountAsync(a => a.WorkshopTitle == world.TypeTitle)));
    }

    [Fact]
    public async Task Parallel_closings_of_a_fresh_sheet_create_exactly_one_activity()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory, daysAhead: -1);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => CloseAsync(world.AdvisorId, sessionId, walkIns: 5))));

        Assert.Single(results, r => r.Status == AttendanceCloseStatus.Closed);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Activities.CountAsync(a => a.WorkshopTitle == world.TypeTitle)));
    }

    [Fact]
    public async Task Closing_refuses_an_empty_sheet_and_a_future_session_and_saves_nothing()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var past = await world.SessionAsync(factory, daysAhead: -1);
        var future = await world.SessionAsync(factory, daysAhead: 2);

        var empty = await CloseAsync(world.AdvisorId, past, walkIns: 0);
        Assert.Equal(AttendanceCloseStatus.Invalid, empty.Status);
        Assert.Contains("Personne n'est coché présent", empty.Errors["WalkIns"][0]);
        var early = await CloseAsync(world.AdvisorId, future, walkIns: 3);
        Assert.Contains("une fois la séance commencée", early.Errors[""][0]);
        Assert.Null((await WorkshopWorld.LoadAsync(factory, past)).AttendanceClosedAt);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Activities.CountAsync(a => a.WorkshopTitle == world.TypeTitle)));
    }

    [Fact]
    public async Task An_advisor_programs_a_session_and_an_advisor_of_another_organization_gets_404()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var client = factory.CreateBrowserClient();
        await factory.LoginAsync(client, world.AdvisorEmail, TestData.Password);
        var day = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var bad = await Forms.SubmitAsync(client, "/agenda/ateliers/nouvelle", new Dictionary<string, string>
        {
            ["Input.WorkshopTypeId"] = world.TypeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.PlaceId"] = world.PlaceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Date"] = day,
            ["Input.StartTime"] = "14:00",
            ["Input.Capacity"] = "0",
        }, "main form[method=post]");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var page = Forms.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Equal("true", page.QuerySelector("#Input_Capacity")!.GetAttribute("aria-invalid"));

        var created = await Forms.SubmitAsync(client, "/agenda/ateliers/nouvelle", new Dictionary<string, string>
        {
            ["Input.WorkshopTypeId"] = world.TypeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.PlaceId"] = world.PlaceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Date"] = day,
            ["Input.StartTime"] = "14:00",
            ["Input.Capacity"] = "6",
        }, "main form[method=post]");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var path = created.Headers.Location!.OriginalString;
        var id = int.Parse(path["/agenda/ateliers/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var session = await WorkshopWorld.LoadAsync(factory, id);
        Assert.Equal((6, world.OrganizationId, TimeSpan.FromHours(2)), (session.Capacity, session.OrganizationId, session.End - session.Start));
        Assert.Contains(world.TypeTitle, await client.GetStringAsync("/agenda/ateliers"));
        Assert.Contains($"href=\"/ateliers/{id}\"", await client.GetStringAsync("/ateliers"));

        var other = await WorkshopWorld.CreateAsync(factory);
        var outsider = factory.CreateBrowserClient();
        await factory.LoginAsync(outsider, other.AdvisorEmail, TestData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(path + "/emargement")).StatusCode);
        Assert.DoesNotContain(world.TypeTitle, await outsider.GetStringAsync("/agenda/ateliers"));
    }

    [Fact]
    public async Task Cancelling_a_session_mails_the_people_registered()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory);
        var email = TestData.NewEmail("annulee");
        Assert.True((await WorkshopWorld.RegisterAsync(factory, sessionId, WorkshopWorld.Person(email))).Succeeded);
        var client = factory.CreateBrowserClient();
        await factory.LoginAsync(client, world.AdvisorEmail, TestData.Password);

        Assert.Contains("Annuler la séance ?", await client.GetStringAsync($"/agenda/ateliers/{sessionId}/annuler"));
        var response = await Forms.SubmitAsync(client, $"/agenda/ateliers/{sessionId}/annuler", new Dictionary<string, string>(), "main form[method=post]");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(WorkshopSessionStatus.Cancelled, (await WorkshopWorld.LoadAsync(factory, sessionId)).Status);
        Assert.Contains("est annulée", (await WaitForCancelAsync(email)).TextBody);
        Assert.True((await WorkshopWorld.RegisterAsync(factory, sessionId, WorkshopWorld.Person())).SessionUnavailable);
    }

    private static async Task<ReceivedMail> WaitForCancelAsync(string to)
    {
        for (var i = 0; i < 200; i++)
        {
            if (Mailbox.Find(to).FirstOrDefault(m => m.Subject.StartsWith("Séance annulée", StringComparison.Ordinal)) is { } mail)
            {
                return mail;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No cancellation mail.");
    }

    private async Task<AttendanceCloseResult> CloseAsync(string advisorId, int sessionId, int walkIns = 0)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<Maillage.Data.AppDbContext>();
        var grants = await db.Grants.AsNoTracking().Where(g => g.UserId == advisorId).Select(g => new ScopeGrant(g.Role, null, g.OrganizationId)).ToListAsync();
        var access = await ActivityAccess.ForAsync(db, new UserScope(advisorId, grants));
        return await sp.GetRequiredService<AttendanceService>().CloseAsync(access, sessionId, walkIns);
    }
}
