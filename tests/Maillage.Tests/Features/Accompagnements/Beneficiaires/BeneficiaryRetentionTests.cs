using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Microsoft.EntityFrameworkCore;
using static Maillage.Tests.Features.Accompagnements.Beneficiaires.BeneficiaryTestKit;

namespace Maillage.Tests.Features.Accompagnements.Beneficiaires;

/// <summary>The automatic anonymisation of dormant files: right files, statistics kept, safe twice and on two instances at once.</summary>
[Trait("Category", "Database")]
public sealed class BeneficiaryRetentionTests(BeneficiariesFactory factory) : IClassFixture<BeneficiariesFactory>
{
    // Far in the future, so that the job the application runs at start (with the real clock) never touches these files.
    private static readonly DateTimeOffset Now = new(2040, 6, 1, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DormantFilesAreAnonymisedOnceEvenByTwoConcurrentRunsAndTheJournalCountsThem()
    {
        var org = await factory.CreateOrganizationAsync();
        var author = (await factory.CreateUserAsync($"auteur-{Guid.NewGuid():N}@test.maillage.fr", Password, Role.Conseiller, organizationId: org.Id)).Id;
        var neverSeen = await CreateFileAsync(factory, org.Id, author, "Ancien", "Sans-Activité", createdAt: Now.AddMonths(-25));
        var lastSeenLongAgo = await CreateFileAsync(factory, org.Id, author, "Ancien", "Actif", createdAt: Now.AddMonths(-40), lastActivityOn: DateOnly.FromDateTime(Now.AddMonths(-25).UtcDateTime));
        var recentlySeen = await CreateFileAsync(factory, org.Id, author, "Vieux", "Revenu", createdAt: Now.AddMonths(-40), lastActivityOn: DateOnly.FromDateTime(Now.AddMonths(-23).UtcDateTime));
        var recentlyCreated = await CreateFileAsync(factory, org.Id, author, "Nouveau", "Venu", createdAt: Now.AddMonths(-23));
        var activity = await CreateActivityAsync(factory, org.Id, author, DateOnly.FromDateTime(Now.AddMonths(-25).UtcDateTime), lastSeenLongAgo.Id, Autonomy.Guided);

        // Two instances at once: two contexts, two connections, the same statement.
        await using var first = await factory.Database.CreateMigratedContextAsync();
        await using var second = await factory.Database.CreateMigratedContextAsync();
        var counts = await Task.WhenAll(
            Task.Run(() => BeneficiaryRetention.AnonymiseDormantAsync(first, 24, Now)),
            Task.Run(() => BeneficiaryRetention.AnonymiseDormantAsync(second, 24, Now)));
        Assert.Equal(2, counts.Sum());

        // And once more: nothing left to do, nothing written.
        await using var third = await factory.Database.CreateMigratedContextAsync();
        Assert.Equal(0, await BeneficiaryRetention.AnonymiseDormantAsync(third, 24, Now));

        await factory.WithDbAsync(async db =>
        {
            var files = await db.Beneficiaries.Where(b => b.OrganizationId == org.Id).ToDictionaryAsync(b => b.Id);
            foreach (var id in new[] { neverSeen.Id, lastSeenLongAgo.Id })
            {
                var f = files[id];
                Assert.Equal(Now, f.AnonymisedAt);
                Assert.Equal((null, null, null, null, null, null), (f.FirstName, f.LastName, f.SearchName, f.Phone, f.Email, f.Notes));
                Assert.Equal((1958, "42218", Gender.Female, BeneficiaryStatus.Retired), (f.BirthYear!.Value, f.CommuneCode!, f.Gender, f.Status));
                Assert.True(f.Version == 1u, $"file {id} ({f.CreatedAt}) version {f.Version}");
            }

            foreach (var id in new[] { recentlySeen.Id, recentlyCreated.Id })
            {
                Assert.Null(files[id].AnonymisedAt);
                Assert.NotNull(files[id].FirstName);
            }

            Assert.Equal(lastSeenLongAgo.Id, await db.Activities.Where(a => a.Id == activity.Id).Select(a => a.BeneficiaryId).SingleAsync());
            var entries = await db.AuditEntries.Where(e => e.Action == AuditActions.BeneficiariesAnonymised && e.At == Now).ToListAsync();
            Assert.Equal(counts.Count(c => c > 0), entries.Count);
            Assert.Equal(2, entries.Sum(e => int.Parse(e.TargetId!, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.All(entries, e => Assert.Equal(AuditLog.SystemActor, e.ActorId));
            return 0;
        });
    }

    [Fact]
    public async Task ThePeriodIsConfigurableAndDefaultsTo24Months()
    {
        // Another instant than the other test's, whose journal entries it counts.
        var later = Now.AddYears(3);
        Assert.Equal(24, new RetentionOptions().BeneficiaryInactiveMonths);
        var org = await factory.CreateOrganizationAsync();
        var author = (await factory.CreateUserAsync($"auteur-{Guid.NewGuid():N}@test.maillage.fr", Password, Role.Conseiller, organizationId: org.Id)).Id;
        var file = await CreateFileAsync(factory, org.Id, author, createdAt: later.AddMonths(-7));

        await using var db = await factory.Database.CreateMigratedContextAsync();
        await BeneficiaryRetention.AnonymiseDormantAsync(db, 12, later);
        Assert.Null(await db.Beneficiaries.Where(b => b.Id == file.Id).Select(b => b.AnonymisedAt).SingleAsync());
        Assert.True(await BeneficiaryRetention.AnonymiseDormantAsync(db, 6, later) >= 1);
        Assert.NotNull(await db.Beneficiaries.Where(b => b.Id == file.Id).Select(b => b.AnonymisedAt).SingleAsync());
    }
}
