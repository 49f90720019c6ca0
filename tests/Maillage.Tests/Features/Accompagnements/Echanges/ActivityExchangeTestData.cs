using Maillage.Features.Accompagnements;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux;
using Maillage.Features.Territoires;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Accompagnements.Echanges;

/// <summary>Organizations, advisors, places and records for the export and import tests.</summary>
internal static class ActivityExchangeTestData
{
    /// <summary>An organization of Saint-Étienne with its advisor and one place it holds (in the commune, so every organization of the commune records there).</summary>
    public static async Task<(int OrganizationId, string AdvisorId, int PlaceId, string PlaceName)> NetworkAsync(this MaillageFactory factory, string placeName = "Médiathèque", string? advisorEmail = null)
    {
        // Every test's places share the commune: a unique name keeps each file's place its own.
        placeName = $"{placeName} {Guid.NewGuid():N}";
        var organization = await factory.CreateOrganizationAsync();
        var advisor = await factory.CreateUserAsync(advisorEmail ?? TestData.NewEmail("cnfs"), TestData.Password, Role.Conseiller, organizationId: organization.Id);
        var placeId = await factory.WithDbAsync(async db =>
        {
            var commune = await db.Territories.SingleAsync(t => t.Kind == TerritoryKind.Commune && t.Code == MaillageFactory.SaintEtienne);
            var now = DateTimeOffset.UtcNow;
            var place = new Place
            {
                ImportSource = Place.OwnSource,
                SourceId = Guid.NewGuid().ToString("N"),
                Name = placeName,
                Pivot = "00000000000000",
                CommuneName = "Saint-Étienne",
                PostalCode = "42000",
                InseeCode = MaillageFactory.SaintEtienne,
                Address = "20 rue Jean Jaurès",
                OrganizationId = organization.Id,
                CommuneId = commune.Id,
                UpdatedOn = DateOnly.FromDateTime(now.UtcDateTime),
                CreatedAt = now,
                ModifiedAt = now,
            };
            db.Places.Add(place);
            await db.SaveChangesAsync();
            return place.Id;
        });
        return (organization.Id, advisor.Id, placeId, placeName);
    }

    /// <summary>Five records covering every kind of line: a démarche at a place with a named file and a referral, a workshop, a quick request, at home, remote.</summary>
    public static Task SeedAsync(this MaillageFactory factory, int organizationId, string advisorId, int placeId) => factory.WithDbAsync(async db =>
    {
        var now = DateTimeOffset.UtcNow;
        var person = new Beneficiary
        {
            OrganizationId = organizationId,
            FirstName = "Zoé",
            LastName = "Faure",
            SearchName = "zoe faure",
            BirthYear = 1960,
            CommuneCode = MaillageFactory.SaintChamond,
            Gender = Gender.Female,
            Status = BeneficiaryStatus.Retired,
            ConsentAt = now,
            ConsentById = advisorId,
            ConsentPurpose = "Suivre vos démarches.",
            CreatedById = advisorId,
            CreatedAt = now,
            ModifiedAt = now,
        };
        db.Beneficiaries.Add(person);
        await db.SaveChangesAsync();

        ActivityInput[] inputs =
        [
            new()
            {
                Type = ActivityType.Individual, Date = new DateOnly(2025, 6, 10), DurationMinutes = 45, Location = ActivityLocation.Place, PlaceId = placeId,
                Equipment = [ActivityEquipment.Computer], Themes = [ActivityTheme.AdministrativeProcedures, ActivityTheme.Email],
                ProcedureFamilies = [ProcedureFamily.MoneyAndTaxes, ProcedureFamily.Housing], ProcedureName = "Déclaration de revenus; \"en ligne\"",
                Autonomy = Autonomy.Guided, Referral = ReferralTarget.Administration, BeneficiaryId = person.Id,
            },
            new()
            {
                Type = ActivityType.Collective, Date = new DateOnly(2025, 6, 11), DurationMinutes = 120, Location = ActivityLocation.OtherPlace,
                LocationCommuneCode = MaillageFactory.SaintChamond, Themes = [ActivityTheme.Security, ActivityTheme.SocialNetworks],
                WorkshopTitle = "Protéger ses données personnelles", WorkshopLevel = WorkshopLevel.Beginner, AnonymousParticipants = 8,
                AnonymousByAgeBand = new() { [AgeBand.From60To69] = 5 },
            },
            new() { Type = ActivityType.QuickRequest, Date = new DateOnly(2025, 6, 12), DurationMinutes = 5, Location = ActivityLocation.Remote, Themes = [ActivityTheme.WebBrowsing] },
            new()
            {
                Type = ActivityType.Individual, Date = new DateOnly(2025, 6, 13), DurationMinutes = 30, Location = ActivityLocation.Home, LocationCommuneCode = MaillageFactory.SaintEtienne,
                Equipment = [ActivityEquipment.Phone, ActivityEquipment.Tablet], Themes = [ActivityTheme.DeviceHandling], Autonomy = Autonomy.Autonomous,
                BeneficiaryAgeBand = AgeBand.From70, BeneficiaryGender = Gender.Male, BeneficiaryStatus = BeneficiaryStatus.Retired, BeneficiaryCommuneCode = MaillageFactory.SaintEtienne,
            },
            new()
            {
                Type = ActivityType.Individual, Date = new DateOnly(2025, 6, 14), DurationMinutes = 60, Location = ActivityLocation.Remote,
                Equipment = [ActivityEquipment.NoEquipment], Themes = [ActivityTheme.Employment], Referral = ReferralTarget.EmploymentSupport,
            },
        ];
        foreach (var input in inputs)
        {
            var activity = new Activity { AdvisorId = advisorId, OrganizationId = organizationId, CreatedAt = now };
            ActivityService.Apply(input, activity, now);
            db.Activities.Add(activity);
        }

        await db.SaveChangesAsync();
        return 0;
    });
}
