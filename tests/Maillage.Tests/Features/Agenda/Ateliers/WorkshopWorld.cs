using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Agenda.Ateliers;

/// <summary>An organization, its place, an advisor, a catalogue entry and helpers to make sessions and registrations.</summary>
public sealed record WorkshopWorld(int OrganizationId, int PlaceId, string AdvisorId, string AdvisorEmail, int TypeId, string TypeTitle)
{
    public static async Task<WorkshopWorld> CreateAsync(MaillageFactory factory)
    {
        var organization = await factory.CreateOrganizationAsync();
        var place = await factory.CreatePlaceAsync(organization.Id);
        var email = TestData.NewEmail("cnfs");
        var advisor = await factory.CreateUserAsync(email, TestData.Password, Role.Conseiller, organizationId: organization.Id, displayName: "Samia Benali");
        var title = $"Protéger ses données personnelles {Guid.NewGuid():N}"[..50];
        var typeId = await factory.WithDbAsync(async db =>
        {
            db.AdvisorProfiles.Add(new AdvisorProfile { UserId = advisor.Id, OrganizationId = organization.Id, PublicName = "Samia B.", CreatedAt = DateTimeOffset.UtcNow });
            var type = new WorkshopType
            {
                Title = title,
                Themes = ActivityTheme.Security | ActivityTheme.Email,
                Level = WorkshopLevel.Beginner,
                DurationMinutes = 120,
                Description = "Des mots de passe solides et les bons réflexes.",
            };
            db.WorkshopTypes.Add(type);
            await db.SaveChangesAsync();
            return type.Id;
        });
        return new WorkshopWorld(organization.Id, place.Id, advisor.Id, email, typeId, title);
    }

    /// <summary>A session of this world's workshop; <paramref name="daysAhead"/> negative for one already held.</summary>
    public Task<int> SessionAsync(MaillageFactory factory, int capacity = 8, double daysAhead = 5) => factory.WithDbAsync(async db =>
    {
        var start = DateTimeOffset.UtcNow.AddDays(daysAhead);
        start = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, 0, 0, TimeSpan.Zero);
        var session = new WorkshopSession
        {
            WorkshopTypeId = TypeId,
            PlaceId = PlaceId,
            OrganizationId = OrganizationId,
            Start = start,
            End = start.AddHours(2),
            Capacity = capacity,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        session.Advisors.Add(new WorkshopSessionAdvisor { AdvisorId = AdvisorId });
        db.WorkshopSessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    });

    public static ContactInput Person(string? email = null, string name = "Jeanne Martin") => new(name, null, email ?? TestData.NewEmail("jeanne"));

    public static async Task<RegistrationOutcome> RegisterAsync(MaillageFactory factory, int sessionId, ContactInput contact)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(sessionId, contact, null);
    }

    public static async Task<CancellationOutcome> CancelAsync(MaillageFactory factory, long registrationId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RegistrationService>().CancelAsync(registrationId, CancelledBy.Person);
    }

    public static Task<WorkshopSession> LoadAsync(MaillageFactory factory, int sessionId) =>
        factory.WithDbAsync(db => db.WorkshopSessions.AsNoTracking().Include(s => s.Registrations).SingleAsync(s => s.Id == sessionId));
}
