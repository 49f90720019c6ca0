using Maillage.Features.Accompagnements;
using Maillage.Tests.Infrastructure;

namespace Maillage.Tests.Features.Accompagnements.Statistiques;

/// <summary>
/// A small known dataset for the figures, in March–April 2026: advisor X (organization A) with records inside, on the bounds,
/// outside the period and deleted; advisor Y (same organization) who had file P2 in a workshop before the period; advisor Z of organization B.
/// The expected numbers of the tests are counted by hand from this list.
/// </summary>
public sealed class StatisticsDataset
{
    public static readonly DateOnly From = new(2026, 3, 1);
    public static readonly DateOnly To = new(2026, 4, 30);

    public int OrganizationA { get; private init; }
    public int OrganizationB { get; private init; }
    public required string AdvisorX { get; init; }
    public required string AdvisorY { get; init; }
    public required string AdvisorZ { get; init; }

    /// <summary>Creates the dataset; the advisors' ids are given (accounts for the page tests, any string for the figures).</summary>
    public static async Task<StatisticsDataset> CreateAsync(MaillageFactory factory, string advisorX, string advisorY, string advisorZ, int? organizationA = null, int? organizationB = null)
    {
        var orgA = organizationA ?? (await factory.CreateOrganizationAsync()).Id;
        var orgB = organizationB ?? (await factory.CreateOrganizationAsync()).Id;
        var set = new StatisticsDataset { OrganizationA = orgA, OrganizationB = orgB, AdvisorX = advisorX, AdvisorY = advisorY, AdvisorZ = advisorZ };
        await factory.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            Beneficiary File(string first, int? birthYear, Gender gender, BeneficiaryStatus status) => new()
            {
                OrganizationId = orgA,
                FirstName = first,
                LastName = "Test",
                SearchName = first.ToLowerInvariant() + " test",
                BirthYear = birthYear,
                Gender = gender,
                Status = status,
                ConsentAt = now,
                ConsentById = advisorX,
                ConsentPurpose = "Suivre vos démarches.",
                CreatedById = advisorX,
                CreatedAt = now,
                ModifiedAt = now,
            };
            var p1 = File("Paule", 1960, Gender.Female, BeneficiaryStatus.Retired);
            var p2 = File("Pierre", 2000, Gender.Male, BeneficiaryStatus.Employed);
            var p3 = File("Prisca", null, Gender.Unknown, BeneficiaryStatus.Unknown);

            Activity Record(string advisor, int org, DateOnly date, ActivityType type, ActivityTheme themes, int minutes, ActivityLocation location, ActivityEquipment equipment, int participants = 1) => new()
            {
                AdvisorId = advisor,
                OrganizationId = org,
                Date = date,
                Type = type,
                Themes = themes,
                DurationMinutes = minutes,
                Location = location,
                LocationCommuneCode = location is ActivityLocation.Home or ActivityLocation.OtherPlace ? MaillageFactory.SaintEtienne : null,
                Equipment = equipment,
                ParticipantCount = participants,
                CreatedAt = now,
                ModifiedAt = now,
            };

            // X, before the period: P1 came already (so P1 is « déjà accompagnée »).
            var r0 = Record(advisorX, orgA, new(2026, 2, 15), ActivityType.Individual, ActivityTheme.Health, 30, ActivityLocation.Home, ActivityEquipment.Computer);
            r0.Beneficiary = p1;

            // X, on the first day: anonymous, two themes, two démarche families, 29 min (under 30), remote, computer and phone.
            var r1 = Record(advisorX, orgA, From, ActivityType.Individual, ActivityTheme.Email | ActivityTheme.AdministrativeProcedures, 29, ActivityLocation.Remote, ActivityEquipment.Computer | ActivityEquipment.Phone);
            r1.ProcedureFamilies = ProcedureFamily.Housing | ProcedureFamily.MoneyAndTaxes;
            r1.BeneficiaryAgeBand = AgeBand.From18To24;
            r1.BeneficiaryGender = Gender.Female;
            r1.BeneficiaryStatus = BeneficiaryStatus.Unemployed;

            // X: P1 twice in March (counts once among the people).
            var r2 = Record(advisorX, orgA, new(2026, 3, 10), ActivityType.Individual, ActivityTheme.Health, 30, ActivityLocation.Home, ActivityEquipment.NoEquipment);
            r2.Beneficiary = p1;
            var r3 = Record(advisorX, orgA, new(2026, 3, 20), ActivityType.Individual, ActivityTheme.Health | ActivityTheme.Email, 59, ActivityLocation.Home, ActivityEquipment.None);
            r3.Beneficiary = p1;

            // X: a workshop of 7: P2, P3 and 5 anonymous (2 aged 60-69, 1 aged 70+, 3 women, 2 already accompanied, 1 first time).
            var r4 = Record(advisorX, orgA, new(2026, 4, 5), ActivityType.Collective, ActivityTheme.Security | ActivityTheme.SocialNetworks, 120, ActivityLocation.OtherPlace, ActivityEquipment.Computer | ActivityEquipment.Tablet, participants: 7);
            r4.WorkshopTitle = "Protéger ses données";
            r4.Participants = [new ActivityParticipant { Beneficiary = p2 }, new ActivityParticipant { Beneficiary = p3 }];
            r4.AnonymousCounts =
            [
                new() { Dimension = ParticipantDimension.Total, Value = 0, Count = 5 },
                new() { Dimension = ParticipantDimension.AgeBand, Value = (int)AgeBand.From60To69, Count = 2 },
                new() { Dimension = ParticipantDimension.AgeBand, Value = (int)AgeBand.From70, Count = 1 },
                new() { Dimension = ParticipantDimension.Gender, Value = (int)Gender.Female, Count = 3 },
                new() { Dimension = ParticipantDimension.AlreadyAccompanied, Value = 1, Count = 2 },
                new() { Dimension = ParticipantDimension.AlreadyAccompanied, Value = 0, Count = 1 },
            ];

            // X, on the last day: a quick request (no accompaniment).
            var r5 = Record(advisorX, orgA, To, ActivityType.QuickRequest, ActivityTheme.WebBrowsing, 5, ActivityLocation.Place, ActivityEquipment.Phone, participants: 0);

            // X: deleted, after the period, before the period: none counts.
            var r6 = Record(advisorX, orgA, new(2026, 4, 20), ActivityType.Individual, ActivityTheme.Email, 45, ActivityLocation.Remote, ActivityEquipment.Phone);
            r6.DeletedAt = now;
            r6.DeletedById = advisorX;
            var r7 = Record(advisorX, orgA, To.AddDays(1), ActivityType.Individual, ActivityTheme.Email, 45, ActivityLocation.Remote, ActivityEquipment.Phone);
            var r8 = Record(advisorX, orgA, From.AddDays(-1), ActivityType.Individual, ActivityTheme.Email, 45, ActivityLocation.Remote, ActivityEquipment.Phone);

            // Y (same organization): one anonymous record in the period, and P2 in a January workshop.
            var r9 = Record(advisorY, orgA, new(2026, 3, 15), ActivityType.Individual, ActivityTheme.DigitalDiagnosis, 90, ActivityLocation.Place, ActivityEquipment.Tablet);
            r9.BeneficiaryAgeBand = AgeBand.From70;
            r9.BeneficiaryGender = Gender.Male;
            r9.BeneficiaryStatus = BeneficiaryStatus.Retired;
            var r10 = Record(advisorY, orgA, new(2026, 1, 10), ActivityType.Collective, ActivityTheme.Employment, 60, ActivityLocation.Place, ActivityEquipment.Computer);
            r10.WorkshopTitle = "Faire son CV";
            r10.Participants = [new ActivityParticipant { Beneficiary = p2 }];

            // X, before the period but deleted: P3 stays new.
            var r12 = Record(advisorX, orgA, new(2026, 2, 1), ActivityType.Individual, ActivityTheme.Email, 15, ActivityLocation.Remote, ActivityEquipment.Phone);
            r12.Beneficiary = p3;
            r12.DeletedAt = now;
            r12.DeletedById = advisorX;

            // Z (organization B): never in A's figures.
            var r11 = Record(advisorZ, orgB, new(2026, 3, 5), ActivityType.Individual, ActivityTheme.Email, 15, ActivityLocation.Remote, ActivityEquipment.Phone);

            db.AddRange(r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12);
            await db.SaveChangesAsync();
            return 0;
        });
        return set;
    }
}
