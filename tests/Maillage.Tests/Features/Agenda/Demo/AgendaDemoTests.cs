using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Lieux;
using Maillage.Shared.OpeningHours;
using Maillage.Shared.Web;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Agenda.Demo;

/// <summary>The demo agenda, produced by the real demo seeder (territory, places, activities, agenda) and checked row by row.</summary>
[Trait("Category", "Database")]
public sealed class AgendaDemoTests(AgendaDemoTests.SeededFactory factory) : IClassFixture<AgendaDemoTests.SeededFactory>
{
    /// <summary>Seeds the demo once for the class: the whole seeder is the expensive part.</summary>
    public sealed class SeededFactory : MaillageFactory
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private Agenda? _agenda;

        public async Task<Agenda> AgendaAsync()
        {
            await _lock.WaitAsync();
            try
            {
                if (_agenda is null)
                {
                    await WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());
                    var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
                    _agenda = await WithDbAsync(async db => new Agenda(
                        now,
                        await db.Organizations.SingleAsync(o => o.Name == ActivitiesDemo.UnitName),
                        await db.AdvisorProfiles.AsNoTracking().Include(p => p.Places).ToListAsync(),
                        await db.Permanences.AsNoTracking().ToListAsync(),
                        await db.Absences.AsNoTracking().ToListAsync(),
                        await db.Appointments.AsNoTracking().Include(a => a.Motif).ToListAsync(),
                        await db.WorkshopSessions.AsNoTracking().Include(s => s.Advisors).Include(s => s.Registrations).Include(s => s.WorkshopType).AsSplitQuery().ToListAsync(),
                        await db.Places.AsNoTracking().ToDictionaryAsync(p => p.Id)));
                }

                return _agenda;
            }
            finally
            {
                _lock.Release();
            }
        }

        protected override void Dispose(bool disposing)
        {
            _lock.Dispose();
            base.Dispose(disposing);
        }
    }

    public sealed record Agenda(
        DateTimeOffset Now, Maillage.Features.Structures.Organization Unit, List<AdvisorProfile> Profiles, List<Permanence> Permanences, List<Absence> Absences,
        List<Appointment> Appointments, List<WorkshopSession> Sessions, Dictionary<int, Place> Places)
    {
        public DateOnly Today => DateOnly.FromDateTime(ParisTime.ToParis(Now).DateTime);
    }

    private static bool Overlap(DateTimeOffset aStart, DateTimeOffset aEnd, DateTimeOffset bStart, DateTimeOffset bEnd) => aStart < bEnd && bStart < aEnd;

    [Fact]
    public async Task TheUnitsAdvisorsHoldWeeklyHoursInMaisonsDesHabitantsAndALibrary()
    {
        var agenda = await factory.AgendaAsync();

        Assert.Equal(5, agenda.Profiles.Count);
        Assert.All(agenda.Profiles, p =>
        {
            Assert.Equal(agenda.Unit.Id, p.OrganizationId);
            Assert.True(agenda.Permanences.Count(r => r.AdvisorId == p.UserId) >= 2, $"{p.PublicName} holds too few permanences");
            Assert.False(string.IsNullOrWhiteSpace(p.Bio));
            Assert.StartsWith("|fr|", p.Languages, StringComparison.Ordinal);

            // The places of the profile are those where the advisor works.
            var places = p.Places.Select(x => x.PlaceId).ToHashSet();
            Assert.All(agenda.Permanences.Where(r => r.AdvisorId == p.UserId), r => Assert.Contains(r.PlaceId, places));
        });

        var names = agenda.Permanences.Select(p => agenda.Places[p.PlaceId].Name).Distinct().ToList();
        Assert.Contains(names, n => n.Contains("Maison des habitant", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("Bibliothèque", StringComparison.Ordinal));
        Assert.True(agenda.Permanences.Select(p => p.PlaceId).Distinct().Count() >= 6);
        Assert.Contains(agenda.Permanences, p => p.Mode == PermanenceMode.WalkIn);
        Assert.True(agenda.Permanences.Count(p => p.Mode == PermanenceMode.Appointment) >= 10);

        // One person, one place at a time: an advisor's weekly ranges never overlap.
        foreach (var group in agenda.Permanences.GroupBy(p => (p.AdvisorId, p.Day)))
        {
            var ranges = group.OrderBy(p => p.Start).ToList();
            for (var i = 1; i < ranges.Count; i++)
            {
                Assert.True(ranges[i - 1].End <= ranges[i].Start, $"overlapping permanences {ranges[i - 1].Id} and {ranges[i].Id}");
            }
        }

        Assert.All(agenda.Permanences, p =>
        {
            Assert.True(p.Start < p.End);
            Assert.True(p.ValidFrom <= agenda.Today);
            Assert.Equal(agenda.Profiles.Single(x => x.Id == p.AdvisorProfileId).UserId, p.AdvisorId);
        });
    }

    [Fact]
    public async Task AMonthOfAppointmentsInsideTheBookableHoursNeverOverlapsForAnAdvisor()
    {
        var agenda = await factory.AgendaAsync();
        var appointments = agenda.Appointments;

        Assert.True(appointments.Count > 100, $"only {appointments.Count} appointments");
        Assert.InRange(appointments.Min(a => DateOnly.FromDateTime(ParisTime.ToParis(a.Start).DateTime)), agenda.Today.AddDays(-AgendaDemo.AppointmentDaysBefore), agenda.Today.AddDays(-7));
        Assert.InRange(appointments.Max(a => DateOnly.FromDateTime(ParisTime.ToParis(a.Start).DateTime)), agenda.Today.AddDays(7), agenda.Today.AddDays(AgendaDemo.AppointmentDaysAfter));

        foreach (var a in appointments)
        {
            var local = ParisTime.ToParis(a.Start);
            var day = DateOnly.FromDateTime(local.DateTime);
            var permanence = agenda.Permanences.Single(p => p.Id == a.PermanenceId);
            Assert.Equal(PermanenceMode.Appointment, permanence.Mode);
            Assert.Equal((permanence.AdvisorId, permanence.PlaceId, permanence.Day), (a.AdvisorId, a.PlaceId, day.DayOfWeek));
            Assert.True(SlotCalculator.ToInstant(day, permanence.Start) <= a.Start && a.End <= SlotCalculator.ToInstant(day, permanence.End), $"appointment {a.Id} outside its permanence");
            Assert.False(FrenchPublicHolidays.IsHoliday(day));
            Assert.Equal(a.Start.AddMinutes(a.Motif!.DurationMinutes), a.End);
            Assert.Equal(agenda.Unit.Id, a.OrganizationId);
            Assert.True(a.CreatedAt <= agenda.Now && a.CreatedAt < a.Start && a.ModifiedAt >= a.CreatedAt);

            // Statuses as time has them: what is done is honoured, missed or was cancelled; what is to come is booked or cancelled.
            if (a.Start < agenda.Now)
            {
                Assert.NotEqual(AppointmentStatus.Booked, a.Status);
            }
            else
            {
                Assert.Contains(a.Status, new[] { AppointmentStatus.Booked, AppointmentStatus.Cancelled });
            }

            Assert.Equal(a.Status == AppointmentStatus.Cancelled, a.CancelledBy is not null && a.CancelledAt is not null);

            // The contact is what the public form would have accepted.
            var (contact, errors) = ContactRules.Validate(new ContactInput(a.ContactName, a.ContactPhone, a.ContactEmail));
            Assert.Empty(errors);
            Assert.Equal(contact!.Key, a.ContactKey);
            Assert.Equal(64, a.ManagementTokenHash.Length);
        }

        Assert.Contains(appointments, a => a.Status == AppointmentStatus.Honoured);
        Assert.Contains(appointments, a => a.Status == AppointmentStatus.NoShow);
        Assert.Contains(appointments, a => a.Status == AppointmentStatus.Cancelled);
        Assert.True(appointments.Count(a => a.Status == AppointmentStatus.Booked) > 30);
        Assert.True(appointments.Where(a => a.Start < agenda.Now).Count(a => a.Status == AppointmentStatus.Honoured) > appointments.Where(a => a.Start < agenda.Now).Count() / 2);

        // Live appointments, the sessions an advisor runs and the absences never overlap for one advisor.
        foreach (var advisor in agenda.Profiles.Select(p => p.UserId))
        {
            var held = appointments.Where(a => a.AdvisorId == advisor && a.Status != AppointmentStatus.Cancelled).Select(a => (a.Start, a.End, What: $"rdv {a.Id}"))
                .Concat(agenda.Sessions.Where(s => s.Advisors.Any(x => x.AdvisorId == advisor)).Select(s => (s.Start, s.End, What: $"séance {s.Id}")))
                .OrderBy(h => h.Start).ToList();
            for (var i = 1; i < held.Count; i++)
            {
                Assert.True(held[i - 1].End <= held[i].Start, $"{held[i - 1].What} overlaps {held[i].What}");
            }

            foreach (var absence in agenda.Absences.Where(x => x.AdvisorId == advisor))
            {
                Assert.DoesNotContain(held, h => Overlap(h.Start, h.End, absence.Start, absence.End));
            }
        }

        foreach (var closure in agenda.Absences.Where(x => x.PlaceId is not null))
        {
            Assert.DoesNotContain(appointments, a => a.PlaceId == closure.PlaceId && a.Status != AppointmentStatus.Cancelled && Overlap(a.Start, a.End, closure.Start, closure.End));
        }

        Assert.Contains(agenda.Absences, a => a.AdvisorId is not null && a.Start > agenda.Now);
        Assert.Contains(agenda.Absences, a => a.PlaceId is not null && a.Start > agenda.Now);
    }

    [Fact]
    public async Task TwoWorkshopSessionsAWeekAreNeverOverCapacityAndOneFullSessionHasAWaitingList()
    {
        var agenda = await factory.AgendaAsync();
        var sessions = agenda.Sessions;

        // Two a week over the weeks around today (a public holiday may take one).
        var weeks = AgendaDemo.WorkshopWeeksBefore + 1 + AgendaDemo.WorkshopWeeksAfter;
        Assert.InRange(sessions.Count, (2 * weeks) - 2, 2 * weeks);
        Assert.True(sessions.Count(s => s.Start < agenda.Now) >= 5);
        Assert.True(sessions.Count(s => s.Start > agenda.Now) >= 5);
        foreach (var week in sessions.GroupBy(s => ISOWeek(s.Start)))
        {
            Assert.InRange(week.Count(), 1, 2);
        }

        Assert.All(sessions, s =>
        {
            var confirmed = s.Registrations.Count(r => r.Status == RegistrationStatus.Confirmed);
            Assert.Equal(confirmed, s.ConfirmedCount);
            Assert.InRange(s.ConfirmedCount, 0, s.Capacity);
            Assert.Equal(s.WorkshopType!.DefaultCapacity, s.Capacity);
            Assert.Equal(s.Start.AddMinutes(s.WorkshopType.DurationMinutes), s.End);
            Assert.Single(s.Advisors);
            Assert.Equal(agenda.Unit.Id, s.OrganizationId);
            Assert.Null(s.WorkshopType.OrganizationId);

            // A waiting list only when the session is full; one registration per contact.
            Assert.True(s.ConfirmedCount == s.Capacity || s.Registrations.All(r => r.Status != RegistrationStatus.Waiting), $"session {s.Id} has people waiting for free seats");
            Assert.Equal(s.Registrations.Count, s.Registrations.Select(r => r.ContactKey).Distinct().Count());
            var waiting = s.Registrations.Where(r => r.Status == RegistrationStatus.Waiting).ToList();
            Assert.All(waiting, w => Assert.True(s.Registrations.Where(r => r.Status == RegistrationStatus.Confirmed).All(r => r.CreatedAt < w.CreatedAt)));
            Assert.All(s.Registrations, r => Assert.True(r.CreatedAt <= agenda.Now));
        });

        var full = Assert.Single(sessions, s => s.Start > agenda.Now && s.Registrations.Any(r => r.Status == RegistrationStatus.Waiting));
        Assert.Equal(full.Capacity, full.ConfirmedCount);
        Assert.Equal(3, full.Registrations.Count(r => r.Status == RegistrationStatus.Waiting));

        // Sessions at a library and at a neighbourhood place, from the seeds' catalogue.
        Assert.Contains(sessions, s => agenda.Places[s.PlaceId].Name.Contains("Bibliothèque", StringComparison.Ordinal));
        Assert.True(sessions.Select(s => s.WorkshopType!.Title).Distinct().Count() >= 6);
    }

    [Fact]
    public async Task ThePublicStillFindsFreeSlotsAndNoneCollidesWithTheDemoAppointments()
    {
        var agenda = await factory.AgendaAsync();
        var place = agenda.Places.Values.Single(p => p.Name == AgendaDemo.Montreynaud);

        var (motif, slots) = await factory.WithDbAsync(async db =>
        {
            var motif = await db.AppointmentMotifs.SingleAsync(m => m.Name == "Démarche administrative en ligne");
            return (motif, await AgendaSlots.ForPlaceAsync(db, place.Id, motif, agenda.Now));
        });

        Assert.NotEmpty(slots);
        var live = agenda.Appointments.Where(a => a.Status != AppointmentStatus.Cancelled).ToList();
        Assert.All(slots, s => Assert.DoesNotContain(live, a => a.AdvisorId == s.AdvisorId && Overlap(a.Start, a.End, s.Start, s.End)));
        Assert.Contains(live, a => a.PlaceId == place.Id && a.Start > agenda.Now);
        Assert.True(slots.Count < 200, $"{slots.Count} slots: the demo weeks should be partly booked");
        Assert.Equal(45, motif.DurationMinutes);
    }

    private static (int, int) ISOWeek(DateTimeOffset start)
    {
        var local = ParisTime.ToParis(start).DateTime;
        return (System.Globalization.ISOWeek.GetYear(local), System.Globalization.ISOWeek.GetWeekOfYear(local));
    }
}
