using Maillage.Features.Agenda;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Agenda.Conseillers;

/// <summary>An organization with a place, a signed-in advisor and their profile, built through the model (no demo data).</summary>
public sealed record AgendaTeam(int OrganizationId, int PlaceId, string AdvisorId, int ProfileId, HttpClient Client)
{
    public static async Task<AgendaTeam> CreateAsync(MaillageFactory factory, int? organizationId = null, string displayName = "Samia Benali")
    {
        var organization = organizationId ?? (await factory.CreateOrganizationAsync()).Id;
        var place = await factory.CreatePlaceAsync(organization);
        var email = TestData.NewEmail("cnfs");
        var advisor = await factory.CreateUserAsync(email, TestData.Password, Role.Conseiller, organizationId: organization, displayName: displayName);
        var profileId = await factory.WithDbAsync(async db =>
        {
            var profile = new AdvisorProfile { UserId = advisor.Id, OrganizationId = organization, PublicName = "Samia B.", CreatedAt = DateTimeOffset.UtcNow };
            db.AdvisorProfiles.Add(profile);
            await db.SaveChangesAsync();
            return profile.Id;
        });
        var client = factory.CreateBrowserClient();
        await factory.LoginAsync(client, email, TestData.Password);
        return new AgendaTeam(organization, place.Id, advisor.Id, profileId, client);
    }

    public Task<int> MotifAsync(MaillageFactory factory, int minutes = 45, Maillage.Features.Accompagnements.ActivityTheme theme = Maillage.Features.Accompagnements.ActivityTheme.Email) =>
        factory.WithDbAsync(async db =>
        {
            var motif = new AppointmentMotif { Name = $"Créer son adresse e-mail {Guid.NewGuid():N}", DurationMinutes = minutes, Theme = theme, OrganizationId = OrganizationId };
            db.AppointmentMotifs.Add(motif);
            await db.SaveChangesAsync();
            return motif.Id;
        });

    /// <summary>An appointment booked with this advisor, starting at <paramref name="start"/>.</summary>
    public Task<long> AppointmentAsync(MaillageFactory factory, int motifId, DateTimeOffset start, string? email = "zoe@exemple.test", AppointmentStatus status = AppointmentStatus.Booked) =>
        factory.WithDbAsync(async db =>
        {
            var minutes = await db.AppointmentMotifs.Where(m => m.Id == motifId).Select(m => m.DurationMinutes).SingleAsync();
            var appointment = new Appointment
            {
                PlaceId = PlaceId,
                AdvisorId = AdvisorId,
                OrganizationId = OrganizationId,
                MotifId = motifId,
                Start = start,
                End = start.AddMinutes(minutes),
                ContactName = "Zoé Faure",
                ContactEmail = email,
                ContactPhone = email is null ? "+33612345678" : null,
                ContactKey = email ?? "+33612345678",
                Status = status,
                ManagementTokenHash = Guid.NewGuid().ToString("N"),
                CreatedAt = DateTimeOffset.UtcNow,
                ModifiedAt = DateTimeOffset.UtcNow,
            };
            db.Appointments.Add(appointment);
            await db.SaveChangesAsync();
            return appointment.Id;
        });
}
