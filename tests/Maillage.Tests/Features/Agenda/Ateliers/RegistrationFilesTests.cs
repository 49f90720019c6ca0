using System.Globalization;
using System.Net;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Shared.Scoping;
using Maillage.Tests.Features.Accompagnements.Beneficiaires;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Agenda.Ateliers;

/// <summary>A registration linked to the person's named file: the closed attendance names them in the collective record.</summary>
[Trait("Category", "Database")]
public sealed class RegistrationFilesTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task Linked_and_created_files_become_named_participants_when_the_attendance_is_closed()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory, capacity: 4, daysAhead: 1);
        var jeanne = await WorkshopWorld.RegisterAsync(factory, sessionId, WorkshopWorld.Person(name: "Jeanne Martin"));
        var paul = await WorkshopWorld.RegisterAsync(factory, sessionId, new ContactInput("Paul Durand", "06 11 22 33 44", null));
        var anonymous = await WorkshopWorld.RegisterAsync(factory, sessionId, WorkshopWorld.Person(name: "Lina Haddad"));
        var existing = await BeneficiaryTestKit.CreateFileAsync(factory, world.OrganizationId, world.AdvisorId, "Jeanne", "Martin");
        var other = await WorkshopWorld.CreateAsync(factory);
        var foreign = await BeneficiaryTestKit.CreateFileAsync(factory, other.OrganizationId, other.AdvisorId, "Jeanne", "Martin");
        var client = factory.CreateBrowserClient();
        await factory.LoginAsync(client, world.AdvisorEmail, TestData.Password);

        var details = await Forms.GetDocumentAsync(client, $"/agenda/ateliers/{sessionId}");
        var jeannePage = $"/agenda/ateliers/{sessionId}/inscriptions/{jeanne.Registration!.Id}/fiche";
        Assert.NotNull(details.QuerySelector($"a[href='{jeannePage}']"));

        // Jeanne has a file: it is offered (the other organization's namesake is not), and a forged id is refused.
        var chooser = await Forms.GetDocumentAsync(client, jeannePage);
        Assert.Equal([existing.Id.ToString(CultureInfo.InvariantCulture)], chooser.QuerySelectorAll("input[name='beneficiaryId']").Select(i => i.GetAttribute("value")));
        var forged = await Forms.SubmitAsync(client, jeannePage, new Dictionary<string, string> { ["beneficiaryId"] = foreign.Id.ToString(CultureInfo.InvariantCulture) }, "form[action*='handler=Link']");
        Assert.Equal(jeannePage, forged.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(client, jeannePage, new Dictionary<string, string>(), "form[action*='handler=Link']")).StatusCode);

        // Paul agrees to a file: created from his registration (name and phone already there) and linked to it.
        var create = $"/beneficiaires/nouvelle?structure={world.OrganizationId}&inscription={paul.Registration!.Id}";
        var form = await Forms.GetDocumentAsync(client, create);
        Assert.Equal(("Paul", "Durand"), (form.QuerySelector("#Input_FirstName")!.GetAttribute("value"), form.QuerySelector("#Input_LastName")!.GetAttribute("value")));
        var created = await Forms.SubmitAsync(client, create, new Dictionary<string, string> { ["Input.Consent"] = "true" }, "form.beneficiary-form");
        Assert.Equal($"/agenda/ateliers/{sessionId}", created.Headers.Location!.OriginalString);

        var session = await WorkshopWorld.LoadAsync(factory, sessionId);
        Assert.Equal(existing.Id, session.Registrations.Single(r => r.Id == jeanne.Registration.Id).BeneficiaryId);
        var paulFile = session.Registrations.Single(r => r.Id == paul.Registration.Id).BeneficiaryId;
        Assert.NotNull(paulFile);
        Assert.Contains("Jeanne Martin", (await Forms.GetDocumentAsync(client, $"/agenda/ateliers/{sessionId}")).QuerySelector("table")!.TextContent);

        // The session is held (moved to this morning), all three came: two named participants, one anonymous, plus a walk-in.
        var held = DateTimeOffset.UtcNow.AddHours(-3);
        await factory.WithDbAsync(db => db.WorkshopSessions.Where(x => x.Id == sessionId)
            .ExecuteUpdateAsync(x => x.SetProperty(v => v.Start, held).SetProperty(v => v.End, held.AddHours(2))));

        AttendanceCloseResult result;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<Maillage.Data.AppDbContext>();
            var grants = await db.Grants.AsNoTracking().Where(g => g.UserId == world.AdvisorId).Select(g => new ScopeGrant(g.Role, null, g.OrganizationId)).ToListAsync();
            var access = await ActivityAccess.ForAsync(db, new UserScope(world.AdvisorId, grants));
            var attendance = sp.GetRequiredService<AttendanceService>();
            Assert.True(await attendance.SaveTicksAsync(access, sessionId, [jeanne.Registration.Id, paul.Registration.Id, anonymous.Registration!.Id]));
            result = await attendance.CloseAsync(access, sessionId, walkIns: 1);
        }

        Assert.Equal(AttendanceCloseStatus.Closed, result.Status);
        var activity = await factory.WithDbAsync(db => db.Activities.Include(a => a.Participants).AsNoTracking().SingleAsync(a => a.Id == result.ActivityId));
        Assert.Equal([existing.Id, paulFile!.Value], activity.Participants.Select(p => p.BeneficiaryId).Order());
        Assert.Equal(4, activity.ParticipantCount);

        // Closed: the file of a registration no longer changes from the agenda.
        var late = await Forms.SubmitAsync(client, jeannePage, new Dictionary<string, string>(), "form[action*='handler=Unlink']");
        Assert.Equal(jeannePage, late.Headers.Location!.OriginalString);
        Assert.Equal(existing.Id, (await WorkshopWorld.LoadAsync(factory, sessionId)).Registrations.Single(r => r.Id == jeanne.Registration.Id).BeneficiaryId);

        // Another organization's advisor does not reach the page.
        var outsider = factory.CreateBrowserClient();
        await factory.LoginAsync(outsider, other.AdvisorEmail, TestData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(jeannePage)).StatusCode);
    }
}
