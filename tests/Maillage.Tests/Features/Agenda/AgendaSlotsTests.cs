using Maillage.Features.Agenda;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;

namespace Maillage.Tests.Features.Agenda;

/// <summary>Free slots of a place read from the database: permanences, closures, weekly absences, appointments and workshops.</summary>
[Trait("Category", "Database")]
public sealed class AgendaSlotsTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    // Monday 23 November 2026, 08:00 in Paris.
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(1));

    private static DateTimeOffset Paris(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task Slots_leave_out_what_is_booked_closed_or_absent_for_the_right_advisor()
    {
        var organization = await factory.CreateOrganizationAsync();
        var place = await factory.CreatePlaceAsync(organization.Id);
        var other = await factory.CreatePlaceAsync(organization.Id);
        var sami = await factory.CreateUserAsync($"sami-{Guid.NewGuid():N}@exemple.test", TestData.Password, Role.Conseiller, organizationId: organization.Id);
        var ines = await factory.CreateUserAsync($"ines-{Guid.NewGuid():N}@exemple.test", TestData.Password, Role.Conseiller, organizationId: organization.Id);

        var motif = await factory.WithDbAsync(async db =>
        {
            var profiles = new[] { sami, ines }.Select(u => new AdvisorProfile { UserId = u.Id, OrganizationId = organization.Id, PublicName = u.Email!, CreatedAt = Now }).ToList();
            db.AdvisorProfiles.AddRange(profiles);
            await db.SaveChangesAsync();

            // Both on Wednesdays 9-11 at the place; Sami also on Thursdays 9-10, but that range is walk-in only.
            foreach (var profile in profiles)
            {
                db.Permanences.Add(new Permanence { AdvisorProfileId = profile.Id, AdvisorId = profile.UserId, PlaceId = place.Id, Day = DayOfWeek.Wednesday, Start = new(9, 0), End = new(11, 0), ValidFrom = new(2026, 1, 1), CreatedAt = Now });
            }

            db.Permanences.Add(new Permanence { AdvisorProfileId = profiles[0].Id, AdvisorId = sami.Id, PlaceId = place.Id, Day = DayOfWeek.Thursday, Start = new(9, 0), End = new(10, 0), ValidFrom = new(2026, 1, 1), Mode = PermanenceMode.WalkIn, CreatedAt = Now });

            var m = new AppointmentMotif { Name = "Créer son adresse e-mail", DurationMinutes = 60, HorizonDays = 14 };
            db.AppointmentMotifs.Add(m);
            await db.SaveChangesAsync();

            // Wednesday 25: Sami booked at 9 (at another place: a person cannot be in two places); Ines runs a workshop 10-12.
            db.Appointments.Add(new Appointment
            {
                PlaceId = other.Id,
                AdvisorId = sami.Id,
                OrganizationId = organization.Id,
                MotifId = m.Id,
                Start = Paris(25, 9),
                End = Paris(25, 10),
                ContactName = "Personne",
                ContactPhone = "+33612345678",
                ContactKey = "+33612345678",
                ManagementTokenHash = Guid.NewGuid().ToString("N"),
                CreatedAt = Now,
                ModifiedAt = Now,
            });
            var type = new WorkshopType { Title = "Faire son CV", Description = "Écrire son CV sur ordinateur." };
            db.WorkshopTypes.Add(type);
            await db.SaveChangesAsync();
            db.WorkshopSessions.Add(new WorkshopSession
            {
                WorkshopTypeId = type.Id,
                PlaceId = other.Id,
                OrganizationId = organization.Id,
                Start = Paris(25, 10),
                End = Paris(25, 12),
                Capacity = 8,
                CreatedAt = Now,
                Advisors = [new WorkshopSessionAdvisor { AdvisorId = ines.Id }],
            });

            // Sami is away every Wednesday morning from 2 December to 9 December; the place is closed on 16 December.
            db.Absences.Add(new Absence { AdvisorId = sami.Id, Start = new(2026, 12, 2, 8, 0, 0, TimeSpan.FromHours(1)), End = new(2026, 12, 2, 12, 0, 0, TimeSpan.FromHours(1)), RepeatWeeklyUntil = new(2026, 12, 9), CreatedAt = Now });
            db.Absences.Add(new Absence { PlaceId = place.Id, Start = new(2026, 12, 16, 0, 0, 0, TimeSpan.FromHours(1)), End = new(2026, 12, 17, 0, 0, 0, TimeSpan.FromHours(1)), CreatedAt = Now });
            await db.SaveChangesAsync();
            return m;
        });

        var slots = await factory.WithDbAsync(db => AgendaSlots.ForPlaceAsync(db, place.Id, motif, Now));
        string Who(string id) => id == sami.Id ? "sami" : "ines";
        var byDay = slots.GroupBy(s => s.Start.Day).ToDictionary(g => g.Key, g => g.Select(s => $"{Who(s.AdvisorId)}@{s.Start.ToOffset(TimeSpan.FromHours(1)).Hour}").Order().ToList());

        // The horizon of 14 days ends on 7 December: Wednesdays 25 November and 2 December only.
        Assert.Equal([25, 2], byDay.Keys);
        Assert.Equal(["ines@9", "sami@10"], byDay[25]);
        Assert.Equal(["ines@10", "ines@9"], byDay[2]);

        // Further out, the weekly absence still holds on 9 December and the closure empties 16 December for both.
        var later = await factory.WithDbAsync(db => AgendaSlots.ForPlaceAsync(db, place.Id, new AppointmentMotif { Name = motif.Name, DurationMinutes = 60, HorizonDays = 30 }, Now, from: new(2026, 12, 8)));
        Assert.Equal(["ines@10", "ines@9"], later.Where(s => s.Start.Day == 9).Select(s => $"{Who(s.AdvisorId)}@{s.Start.ToOffset(TimeSpan.FromHours(1)).Hour}").Order());
        Assert.DoesNotContain(later, s => s.Start.Day == 16);
        Assert.Equal(4, later.Count(s => s.Start.Day == 23));

        // A cancelled appointment frees its slot again.
        await factory.WithDbAsync(async db =>
        {
            var appointment = db.Appointments.Single(a => a.AdvisorId == sami.Id);
            appointment.Status = AppointmentStatus.Cancelled;
            return await db.SaveChangesAsync();
        });
        var freed = await factory.WithDbAsync(db => AgendaSlots.ForPlaceAsync(db, place.Id, motif, Now, to: new(2026, 11, 25)));
        Assert.Equal(["ines@9", "sami@10", "sami@9"], freed.Select(s => $"{Who(s.AdvisorId)}@{s.Start.ToOffset(TimeSpan.FromHours(1)).Hour}").Order());
    }
}
