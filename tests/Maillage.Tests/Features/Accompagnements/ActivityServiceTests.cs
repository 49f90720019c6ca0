using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Accompagnements;

/// <summary>The activity service and the access rules on both engines: idempotent creation, scope, versions, soft delete, keyset paging.</summary>
[Trait("Category", "Database")]
public sealed class ActivityServiceTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private sealed record Team(int OrganizationId, int PlaceId, string AdvisorId, string ColleagueId);

    private async Task<Team> TeamAsync(string communeCode = MaillageFactory.SaintEtienne)
    {
        var organization = await factory.CreateOrganizationAsync(communeCode: communeCode);
        var place = await factory.CreatePlaceAsync(organization.Id, communeCode);
        var advisor = await factory.CreateUserAsync($"cnfs-{Guid.NewGuid():N}@exemple.test", TestData.Password, Role.Conseiller, organizationId: organization.Id);
        var colleague = await factory.CreateUserAsync($"cnfs-{Guid.NewGuid():N}@exemple.test", TestData.Password, Role.Conseiller, organizationId: organization.Id);
        return new Team(organization.Id, place.Id, advisor.Id, colleague.Id);
    }

    private static ActivityInput Individual(int placeId, DateOnly? date = null, ActivityTheme theme = ActivityTheme.Email) => new()
    {
        Type = ActivityType.Individual,
        Date = date ?? new DateOnly(2026, 11, 2),
        DurationMinutes = 30,
        Location = ActivityLocation.Place,
        PlaceId = placeId,
        Themes = [theme],
    };

    private async Task<T> AsAsync<T>(string userId, Func<ActivityService, ActivityAccess, AppDbContext, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var access = await ActivityAccess.ForAsync(db, await ScopeAccessor.ForUserAsync(db, userId));
        return await action(scope.ServiceProvider.GetRequiredService<ActivityService>(), access, db);
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_creates_one_record_and_returns_it_even_when_the_requests_race()
    {
        var team = await TeamAsync();
        var first = await AsAsync(team.AdvisorId, (s, a, _) => s.CreateAsync(a, Individual(team.PlaceId), "cle-1"));
        var again = await AsAsync(team.AdvisorId, (s, a, _) => s.CreateAsync(a, Individual(team.PlaceId), "cle-1"));
        Assert.Equal(ActivitySaveStatus.Created, first.Status);
        Assert.Equal(ActivitySaveStatus.Replayed, again.Status);
        Assert.Equal(first.Activity!.Id, again.Activity!.Id);

        // Eight concurrent requests with one new key: the unique index lets one in, the others get it back.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => AsAsync(team.AdvisorId, (s, a, _) => s.CreateAsync(a, Individual(team.PlaceId), "cle-course"))));
        Assert.Single(results.Select(r => r.Activity!.Id).Distinct());
        Assert.Equal(1, results.Count(r => r.Status == ActivitySaveStatus.Created));

        // The key is the advisor's own: a colleague's same key is another record.
        var colleague = await AsAsync(team.ColleagueId, (s, a, _) => s.CreateAsync(a, Individual(team.PlaceId), "cle-1"));
        Assert.Equal(ActivitySaveStatus.Created, colleague.Status);
        var count = await factory.WithDbAsync(db => db.Activities.CountAsync(x => x.OrganizationId == team.OrganizationId));
        Assert.Equal(3, count);
        var audited = await factory.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.ActivityCreated && e.TargetId == first.Activity.Id.ToString()));
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task Places_are_those_of_the_organization_and_its_commune_and_nothing_is_saved_on_an_error()
    {
        var team = await TeamAsync();
        var communePlace = await factory.CreatePlaceAsync(organizationId: null, MaillageFactory.SaintEtienne);
        var elsewhere = await factory.CreatePlaceAsync(organizationId: null, MaillageFactory.SaintChamond);

        var ok = await AsAsync(team.AdvisorId, (s, a, _) => s.CreateAsync(a, Individual(communePlace.Id)));
        Assert.True(ok.Succeeded);

        var before = await factory.WithDbAsync(db => db.Activities.CountAsync(x => x.AdvisorId == team.AdvisorId));
        var refused = await AsAsync(team.AdvisorId, (s, a, _) => s.CreateAsync(a, Individual(elsewhere.Id)));
        Assert.Equal(ActivitySaveStatus.Invalid, refused.Status);
        Assert.Equal("Ce lieu n'est pas l'un de vos lieux d'activité.", Assert.Single(refused.Errors[nameof(ActivityInput.PlaceId)]));

        var future = await AsAsync(team.AdvisorId, (s, a, _) => s.CreateAsync(a, Individual(team.PlaceId, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3)))));
        Assert.Contains(nameof(ActivityInput.Date), future.Errors.Keys);
        Assert.Equal(before, await factory.WithDbAsync(db => db.Activities.CountAsync(x => x.AdvisorId == team.AdvisorId)));

        var coordinator = await factory.CreateUserAsync($"coord-{Guid.NewGuid():N}@exemple.test", TestData.Password, Role.Coordinateur, MaillageFactory.SaintEtienne);
        var notAnAdvisor = await AsAsync(coordinator.Id, (s, a, _) => s.CreateAsync(a, Individual(team.PlaceId)));
        Assert.Equal(ActivitySaveStatus.Invalid, notAnAdvisor.Status);
    }

    [Fact]
    public async Task Author_structure_and_territory_coordinator_change_a_record_a_colleague_and_a_reader_do_not()
    {
        var team = await TeamAsync();
        var created = (await AsAsync(team.AdvisorId, (s, a, _) => s.CreateAsync(a, Individual(team.PlaceId)))).Activity!;
        var structure = await factory.CreateUserAsync($"str-{Guid.NewGuid():N}@exemple.test", TestData.Password, Role.Structure, organizationId: team.OrganizationId);
        var coordinator = await factory.CreateUserAsync($"coord-{Guid.NewGuid():N}@exemple.test", TestData.Password, Role.Coordinateur, MaillageFactory.SaintEtienne);
        var otherCoordinator = await factory.CreateUserAsync($"coord-{Guid.NewGuid():N}@exemple.test", TestData.Password, Role.Coordinateur, MaillageFactory.SaintChamond);
        var reader = await factory.CreateUserAsync($"elu-{Guid.NewGuid():N}@exemple.test", TestData.Password, Role.Lecteur, MaillageFactory.SaintEtienne);

        var longer = Individual(team.PlaceId);
        longer.DurationMinutes = 45;
        Assert.Equal(ActivitySaveStatus.NotFound, (await AsAsync(team.ColleagueId, (s, a, _) => s.UpdateAsync(a, created.Id, longer))).Status);
        Assert.Equal(ActivitySaveStatus.NotFound, (await AsAsync(reader.Id, (s, a, _) => s.UpdateAsync(a, created.Id, longer))).Status);
        Assert.Equal(ActivitySaveStatus.NotFound, (await AsAsync(otherCoordinator.Id, (s, a, _) => s.UpdateAsync(a, created.Id, longer))).Status);
        Assert.Null(await AsAsync(reader.Id, (s, a, _) => s.FindAsync(a, created.Id)));
        Assert.Null(await AsAsync(team.ColleagueId, (s, a, _) => s.FindAsync(a, created.Id)));

        var byStructure = await AsAsync(structure.Id, (s, a, _) => s.UpdateAsync(a, created.Id, longer, created.Version));
        Assert.Equal(ActivitySaveStatus.Updated, byStructure.Status);

        // The version read before the Structure's change is stale now.
        var stale = await AsAsync(coordinator.Id, (s, a, _) => s.UpdateAsync(a, created.Id, Individual(team.PlaceId), created.Version));
        Assert.Equal(ActivitySaveStatus.Conflict, stale.Status);
        var fresh = await AsAsync(coordinator.Id, (s, a, _) => s.UpdateAsync(a, created.Id, Individual(team.PlaceId), byStructure.Activity!.Version));
        Assert.Equal(ActivitySaveStatus.Updated, fresh.Status);
        Assert.Equal(30, (await AsAsync(team.AdvisorId, (s, a, _) => s.FindAsync(a, created.Id)))!.DurationMinutes);
    }

    [Fact]
    public async Task A_workshop_keeps_its_breakdowns_and_counts_one_accompaniment_per_participant()
    {
        var team = await TeamAsync();
        var input = new ActivityInput
        {
            Type = ActivityType.Collective,
            Date = new DateOnly(2026, 10, 5),
            DurationMinutes = 120,
            Location = ActivityLocation.Place,
            PlaceId = team.PlaceId,
            Themes = [ActivityTheme.Security],
            WorkshopTitle = "Protéger ses données personnelles",
            WorkshopLevel = WorkshopLevel.Beginner,
            AnonymousParticipants = 8,
            AnonymousByAgeBand = new() { [AgeBand.From60To69] = 5, [AgeBand.From70] = 3 },
            AnonymousByGender = new() { [Gender.Female] = 6 },
            AnonymousAlreadyAccompanied = 2,
        };
        var saved = await AsAsync(team.AdvisorId, (s, a, _) => s.CreateAsync(a, input));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.SelectMany(e => e.Value)));
        var read = (await AsAsync(team.AdvisorId, (s, a, _) => s.FindAsync(a, saved.Activity!.Id)))!;
        Assert.Equal(8, read.ParticipantCount);
        var back = ActivityService.ToInput(read);
        Assert.Equal(8, back.AnonymousParticipants);
        Assert.Equal(5, back.AnonymousByAgeBand[AgeBand.From60To69]);
        Assert.Equal(3, back.AnonymousByAgeBand[AgeBand.From70]);
        Assert.Equal(6, back.AnonymousByGender[Gender.Female]);
        Assert.Equal(2, back.AnonymousAlreadyAccompanied);
        Assert.Equal("Protéger ses données personnelles", back.WorkshopTitle);

        // Fewer participants on edit replaces the breakdowns instead of adding to them.
        back.AnonymousParticipants = 4;
        back.AnonymousByAgeBand = new() { [AgeBand.From70] = 4 };
        back.AnonymousByGender = [];
        back.AnonymousAlreadyAccompanied = 0;
        var updated = await AsAsync(team.AdvisorId, (s, a, _) => s.UpdateAsync(a, read.Id, back));
        Assert.True(updated.Succeeded, string.Join(" ", updated.Errors.SelectMany(e => e.Value)));
        var counts = await factory.WithDbAsync(db => db.ActivityParticipantCounts.Where(c => c.ActivityId == read.Id).OrderBy(c => c.Dimension).Select(c => new { c.Dimension, c.Count }).ToListAsync());
        Assert.Equal([(ParticipantDimension.Total, 4), (ParticipantDimension.AgeBand, 4)], counts.Select(c => (c.Dimension, c.Count)));
    }

    [Fact]
    public async Task Soft_deleted_records_leave_the_list_keyset_pages_cover_every_record_once_and_filters_apply()
    {
        var team = await TeamAsync();
        var ids = new List<long>();
        for (var i = 0; i < 60; i++)
        {
            // Several records per day, so that the (date, id) cursor has ties to break.
            var input = Individual(team.PlaceId, new DateOnly(2026, 9, 1).AddDays(i / 3), i % 4 == 0 ? ActivityTheme.Health : ActivityTheme.Email);
            ids.Add((await AsAsync(team.AdvisorId, (s, a, _) => s.CreateAsync(a, input))).Activity!.Id);
        }

        Assert.True(await AsAsync(team.AdvisorId, (s, a, _) => s.DeleteAsync(a, ids[10])));
        Assert.False(await AsAsync(team.ColleagueId, (s, a, _) => s.DeleteAsync(a, ids[11])));

        var seen = new List<ActivityRow>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await AsAsync(team.AdvisorId, (_, a, db) => ActivityList.QueryAsync(db, a, new ActivityFilter(AdvisorId: team.AdvisorId), cursor, 25));
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(59, seen.Count);
        Assert.Equal(59, seen.Select(r => r.Id).Distinct().Count());
        Assert.DoesNotContain(ids[10], seen.Select(r => r.Id));
        Assert.Equal(seen.OrderByDescending(r => r.Date).ThenByDescending(r => r.Id).Select(r => r.Id), seen.Select(r => r.Id));

        var health = await AsAsync(team.AdvisorId, (_, a, db) => ActivityList.QueryAsync(db, a, new ActivityFilter(Theme: ActivityTheme.Health, From: new DateOnly(2026, 9, 1), To: new DateOnly(2026, 9, 10), Sort: ActivitySort.DateAsc), null, 100));
        Assert.Equal(ids.Select((id, i) => (id, i)).Where(x => x.i % 4 == 0 && x.i / 3 <= 9 && x.i != 10).Select(x => x.id), health.Items.Select(r => r.Id));

        // A colleague's « mes activités » holds none of them; the Structure account of the organization reads them all.
        var colleague = await AsAsync(team.ColleagueId, (_, a, db) => ActivityList.QueryAsync(db, a, new ActivityFilter(), null, 100));
        Assert.Empty(colleague.Items);
        var structure = await factory.CreateUserAsync($"str-{Guid.NewGuid():N}@exemple.test", TestData.Password, Role.Structure, organizationId: team.OrganizationId);
        var all = await AsAsync(structure.Id, (_, a, db) => ActivityList.QueryAsync(db, a, new ActivityFilter(), null, 100));
        Assert.Equal(59, all.Items.Count);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.ActivityDeleted && e.TargetId == ids[10].ToString())));
    }
}
