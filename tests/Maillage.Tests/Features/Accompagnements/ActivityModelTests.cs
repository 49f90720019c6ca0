using Maillage.Features.Accompagnements;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Accompagnements;

/// <summary>The activity model on both engines: flags and breakdowns read back, one idempotency key per advisor.</summary>
[Trait("Category", "Database")]
public sealed class ActivityModelTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task AnIndividualRecordAndAWorkshopWithNamedAndAnonymousParticipantsReadBackWhole()
    {
        var organization = await factory.CreateOrganizationAsync();
        var advisor = await factory.CreateUserAsync($"cnfs-{Guid.NewGuid():N}@exemple.test", TestData.Password, Role.Conseiller, organizationId: organization.Id);
        var now = DateTimeOffset.UtcNow;
        var ids = await factory.WithDbAsync(async db =>
        {
            var person = new Beneficiary
            {
                OrganizationId = organization.Id,
                FirstName = "Zoé",
                LastName = "Faure",
                SearchName = "zoe faure",
                BirthYear = 1958,
                CommuneCode = MaillageFactory.SaintEtienne,
                ConsentAt = now,
                ConsentById = advisor.Id,
                ConsentPurpose = "Suivre vos démarches d'un rendez-vous à l'autre.",
                CreatedById = advisor.Id,
                CreatedAt = now,
                ModifiedAt = now,
            };
            var individual = new Activity
            {
                Type = ActivityType.Individual,
                Date = new DateOnly(2026, 11, 20),
                DurationMinutes = 30,
                Location = ActivityLocation.Home,
                LocationCommuneCode = MaillageFactory.SaintEtienne,
                Equipment = ActivityEquipment.Computer | ActivityEquipment.Phone,
                Themes = ActivityTheme.AdministrativeProcedures | ActivityTheme.Email,
                ProcedureFamilies = ProcedureFamily.MoneyAndTaxes | ProcedureFamily.Housing,
                ProcedureName = "Déclaration de revenus",
                Autonomy = Autonomy.Guided,
                Referral = ReferralTarget.AdministrativeHelp,
                BeneficiaryAgeBand = AgeBand.From60To69,
                BeneficiaryGender = Gender.Female,
                BeneficiaryStatus = BeneficiaryStatus.Retired,
                ParticipantCount = 1,
                AdvisorId = advisor.Id,
                OrganizationId = organization.Id,
                IdempotencyKey = "cle-1",
                CreatedAt = now,
                ModifiedAt = now,
            };
            var workshop = new Activity
            {
                Type = ActivityType.Collective,
                Date = new DateOnly(2026, 11, 18),
                DurationMinutes = 120,
                Location = ActivityLocation.OtherPlace,
                LocationCommuneCode = MaillageFactory.SaintEtienne,
                Themes = ActivityTheme.Security | ActivityTheme.SocialNetworks,
                WorkshopTitle = "Protéger ses données personnelles",
                WorkshopLevel = WorkshopLevel.Beginner,
                ParticipantCount = 9,
                Participants = [new ActivityParticipant { Beneficiary = person }],
                AnonymousCounts =
                [
                    new ActivityParticipantCount { Dimension = ParticipantDimension.Total, Value = 0, Count = 8 },
                    new ActivityParticipantCount { Dimension = ParticipantDimension.AgeBand, Value = (int)AgeBand.From60To69, Count = 5 },
                    new ActivityParticipantCount { Dimension = ParticipantDimension.AgeBand, Value = (int)AgeBand.From70, Count = 3 },
                    new ActivityParticipantCount { Dimension = ParticipantDimension.AlreadyAccompanied, Value = 1, Count = 2 },
                ],
                AdvisorId = advisor.Id,
                OrganizationId = organization.Id,
                CreatedAt = now,
                ModifiedAt = now,
            };
            individual.Beneficiary = person;
            db.AddRange(individual, workshop);
            await db.SaveChangesAsync();
            return (individual.Id, workshop.Id);
        });

        await factory.WithDbAsync(async db =>
        {
            var individual = await db.Activities.AsNoTracking().Include(a => a.Beneficiary).SingleAsync(a => a.Id == ids.Item1);
            Assert.Equal(ActivityTheme.AdministrativeProcedures | ActivityTheme.Email, individual.Themes);
            Assert.Equal(ProcedureFamily.MoneyAndTaxes | ProcedureFamily.Housing, individual.ProcedureFamilies);
            Assert.Equal(ActivityEquipment.Computer | ActivityEquipment.Phone, individual.Equipment);
            Assert.Equal("Faure", individual.Beneficiary!.LastName);

            // Flags filter in SQL on both engines: the statistics will count this way.
            var emailThemed = await db.Activities.CountAsync(a => a.OrganizationId == organization.Id && (a.Themes & ActivityTheme.Email) != 0);
            Assert.Equal(1, emailThemed);

            var workshop = await db.Activities.AsNoTracking().Include(a => a.Participants).Include(a => a.AnonymousCounts).SingleAsync(a => a.Id == ids.Item2);
            Assert.Single(workshop.Participants);
            Assert.Equal(8, workshop.AnonymousCounts.Single(c => c.Dimension == ParticipantDimension.Total).Count);
            Assert.Equal(8, workshop.AnonymousCounts.Where(c => c.Dimension == ParticipantDimension.AgeBand).Sum(c => c.Count));
            var accompanied = await db.Activities.Where(a => a.OrganizationId == organization.Id && a.DeletedAt == null).SumAsync(a => a.ParticipantCount);
            Assert.Equal(10, accompanied);
            return 0;
        });
    }

    [Fact]
    public async Task AnIdempotencyKeyIsUniquePerAdvisorOnly()
    {
        var organization = await factory.CreateOrganizationAsync();
        var first = await factory.CreateUserAsync($"cnfs-{Guid.NewGuid():N}@exemple.test", TestData.Password, Role.Conseiller, organizationId: organization.Id);
        var second = await factory.CreateUserAsync($"cnfs-{Guid.NewGuid():N}@exemple.test", TestData.Password, Role.Conseiller, organizationId: organization.Id);
        Activity Quick(string advisorId) => new()
        {
            Type = ActivityType.QuickRequest,
            Date = new DateOnly(2026, 11, 20),
            DurationMinutes = 5,
            Location = ActivityLocation.Remote,
            Themes = ActivityTheme.WebBrowsing,
            AdvisorId = advisorId,
            OrganizationId = organization.Id,
            IdempotencyKey = "hors-ligne-42",
            CreatedAt = DateTimeOffset.UtcNow,
            ModifiedAt = DateTimeOffset.UtcNow,
        };

        await factory.WithDbAsync(async db =>
        {
            db.Activities.Add(Quick(first.Id));
            db.Activities.Add(Quick(second.Id));
            return await db.SaveChangesAsync();
        });
        await Assert.ThrowsAsync<DbUpdateException>(() => factory.WithDbAsync(async db =>
        {
            db.Activities.Add(Quick(first.Id));
            return await db.SaveChangesAsync();
        }));
        Assert.Equal(2, await factory.WithDbAsync(db => db.Activities.CountAsync(a => a.IdempotencyKey == "hors-ligne-42" && a.OrganizationId == organization.Id)));
    }

    [Theory]
    [InlineData(null, AgeBand.Unknown)]
    [InlineData(2016, AgeBand.Under12)]
    [InlineData(2014, AgeBand.From12To17)]
    [InlineData(2008, AgeBand.From18To24)]
    [InlineData(1990, AgeBand.From25To39)]
    [InlineData(1967, AgeBand.From40To59)]
    [InlineData(1966, AgeBand.From60To69)]
    [InlineData(1956, AgeBand.From70)]
    public void TheAgeBandFollowsTheBirthYear(int? birthYear, AgeBand expected) =>
        Assert.Equal(expected, Beneficiary.AgeBandOf(birthYear, new DateOnly(2026, 11, 23)));
}
