using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Shared.Scoping;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Agenda.Ateliers;

/// <summary>The session editor: capacity never below the seats given, a raised capacity promotes people waiting.</summary>
[Trait("Category", "Database")]
public sealed class SessionEditorTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task Capacity_cannot_go_below_the_confirmed_count_and_raising_it_promotes_the_waiting_list_in_order()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory, capacity: 2);
        var outcomes = new List<RegistrationOutcome>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add(await WorkshopWorld.RegisterAsync(factory, sessionId, WorkshopWorld.Person()));
        }

        var input = SessionFormInput(await WorkshopWorld.LoadAsync(factory, sessionId), world);
        input.StartTime = new TimeOnly(10, 0);
        input.EndTime = new TimeOnly(12, 0);
        input.Capacity = 1;
        var lowered = await SaveAsync(world, sessionId, input);
        Assert.False(lowered.Succeeded);
        Assert.Contains("2 personnes sont déjà inscrites", lowered.Errors[nameof(SessionInput.Capacity)][0]);

        input.Capacity = 4;
        var raised = await SaveAsync(world, sessionId, input);
        Assert.True(raised.Succeeded, string.Join(" ", raised.Errors.SelectMany(e => e.Value)));
        Assert.Equal(outcomes.Where(o => o.Waiting).Take(2).Select(o => o.Registration!.Id), raised.Promoted.Select(r => r.Id));
        var session = await WorkshopWorld.LoadAsync(factory, sessionId);
        Assert.Equal((4, 4), (session.Capacity, session.ConfirmedCount));
        Assert.Single(session.Registrations, r => r.Status == RegistrationStatus.Waiting);
    }

    [Fact]
    public async Task A_session_needs_a_place_of_the_organization_an_advisor_of_it_and_a_future_start()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var other = await WorkshopWorld.CreateAsync(factory);
        var elsewhere = await factory.CreatePlaceAsync(null, MaillageFactory.SaintChamond);
        var input = new SessionInput
        {
            WorkshopTypeId = world.TypeId,
            OrganizationId = world.OrganizationId,
            PlaceId = elsewhere.Id,
            Date = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)),
            StartTime = new TimeOnly(14, 0),
            Capacity = 8,
            AdvisorIds = [other.AdvisorId],
        };

        var result = await SaveAsync(world, null, input);

        Assert.False(result.Succeeded);
        Assert.Equal(["Choisissez un lieu de la structure."], result.Errors[nameof(SessionInput.PlaceId)]);
        Assert.Equal(["La séance doit commencer dans le futur."], result.Errors[nameof(SessionInput.Date)]);
        Assert.Equal(["Les animateurs sont choisis parmi les conseillers de la structure."], result.Errors[nameof(SessionInput.AdvisorIds)]);
        Assert.Equal(0, await factory.WithDbAsync(db => db.WorkshopSessions.CountAsync(s => s.WorkshopTypeId == world.TypeId)));
    }

    private static SessionInput SessionFormInput(WorkshopSession s, WorkshopWorld world)
    {
        var start = Maillage.Shared.Web.ParisTime.ToParis(s.Start);
        return new SessionInput
        {
            WorkshopTypeId = s.WorkshopTypeId,
            PlaceId = s.PlaceId,
            Date = DateOnly.FromDateTime(start.DateTime),
            StartTime = TimeOnly.FromDateTime(start.DateTime),
            EndTime = TimeOnly.FromDateTime(Maillage.Shared.Web.ParisTime.ToParis(s.End).DateTime),
            Capacity = s.Capacity,
            AdvisorIds = [world.AdvisorId],
        };
    }

    private async Task<SessionSaveResult> SaveAsync(WorkshopWorld world, int? id, SessionInput input)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var grants = await db.Grants.AsNoTracking().Where(g => g.UserId == world.AdvisorId).Select(g => new ScopeGrant(g.Role, null, g.OrganizationId)).ToListAsync();
        var access = await ActivityAccess.ForAsync(db, new UserScope(world.AdvisorId, grants));
        return await sp.GetRequiredService<SessionEditor>().SaveAsync(access, id, input);
    }
}
