using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Booking;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Agenda.Booking;

/// <summary>An organization, a place, an advisor with bookable hours every day from 8:00 to 20:00 (holidays included), and a motif.</summary>
public sealed record BookingWorld(int OrganizationId, int PlaceId, string AdvisorId, int MotifId)
{
    public static async Task<BookingWorld> CreateAsync(MaillageFactory factory, int advisors = 1, int noticeMinutes = 120, int horizonDays = 30)
    {
        var organization = await factory.CreateOrganizationAsync();
        var place = await factory.CreatePlaceAsync(organization.Id);
        var ids = new List<string>();
        for (var i = 0; i < advisors; i++)
        {
            var user = await factory.CreateUserAsync(TestData.NewEmail("cnfs"), TestData.Password, Role.Conseiller, organizationId: organization.Id);
            ids.Add(user.Id);
        }

        var motifId = await factory.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var id in ids)
            {
                var profile = new AdvisorProfile { UserId = id, OrganizationId = organization.Id, PublicName = "Samia B.", CreatedAt = now };
                profile.Places.Add(new AdvisorPlace { PlaceId = place.Id });
                db.AdvisorProfiles.Add(profile);
                await db.SaveChangesAsync();
                foreach (var day in Enum.GetValues<DayOfWeek>())
                {
                    db.Permanences.Add(new Permanence
                    {
                        AdvisorProfileId = profile.Id,
                        AdvisorId = id,
                        PlaceId = place.Id,
                        Day = day,
                        Start = new TimeOnly(8, 0),
                        End = new TimeOnly(20, 0),
                        ValidFrom = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7),
                        ObservesPublicHolidays = false,
                        CreatedAt = now,
                    });
                }
            }

            var motif = new AppointmentMotif
            {
                Name = $"Créer son adresse e-mail {Guid.NewGuid():N}",
                DurationMinutes = 30,
                MinimumNoticeMinutes = noticeMinutes,
                HorizonDays = horizonDays,
                Theme = ActivityTheme.Email,
            };
            db.AppointmentMotifs.Add(motif);
            await db.SaveChangesAsync();
            return motif.Id;
        });
        return new BookingWorld(organization.Id, place.Id, ids[0], motifId);
    }

    /// <summary>The free slots of the place for the motif, as the public page computes them.</summary>
    public Task<IReadOnlyList<FreeSlot>> SlotsAsync(MaillageFactory factory) => factory.WithDbAsync(async db =>
    {
        var motif = await db.AppointmentMotifs.AsNoTracking().SingleAsync(m => m.Id == MotifId);
        return await AgendaSlots.ForPlaceAsync(db, PlaceId, motif, DateTimeOffset.UtcNow);
    });

    /// <summary>A free slot a few days ahead, away from the notice and the cut-off.</summary>
    public async Task<FreeSlot> SlotAsync(MaillageFactory factory, int days = 3)
    {
        var slots = await SlotsAsync(factory);
        return slots.First(s => s.Start > DateTimeOffset.UtcNow.AddDays(days));
    }

    public BookingRequest Request(DateTimeOffset start, string? email = null, string? phone = null, string? name = "Jeanne Martin", string? advisorId = null, int? motifId = null) =>
        new(PlaceId, motifId ?? MotifId, start, advisorId, new ContactInput(name, phone, email ?? (phone is null ? TestData.NewEmail("jeanne") : null)), null);

    public static async Task<BookingOutcome> BookAsync(MaillageFactory factory, BookingRequest request)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BookingService>().BookAsync(request, null);
    }

    public static Task<int> LiveCountAsync(MaillageFactory factory, string advisorId) =>
        factory.WithDbAsync(db => db.Appointments.CountAsync(a => a.AdvisorId == advisorId && a.Status != AppointmentStatus.Cancelled));
}
