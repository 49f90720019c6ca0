using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Booking;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Agenda.Booking;

/// <summary>Reminders 48 h and 2 h before, each sent once even when two runs go at the same time; contact retention.</summary>
[Trait("Category", "Database")]
public sealed class BookingRemindersTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private async Task<int> RunAsync(DateTimeOffset now)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BookingReminders>().RunOnceAsync(now);
    }

    [Fact]
    public async Task Each_reminder_goes_once_even_with_two_runs_in_parallel()
    {
        var world = await BookingWorld.CreateAsync(factory);
        var slot = (await world.SlotsAsync(factory)).First(s => s.Start > DateTimeOffset.UtcNow.AddHours(6) && s.Start < DateTimeOffset.UtcNow.AddHours(40));
        var email = TestData.NewEmail("rappel");
        var outcome = await BookingWorld.BookAsync(factory, world.Request(slot.Start, email: email));
        Assert.True(outcome.Succeeded);

        // Booked a week ago, so both reminders are due in their time.
        await factory.WithDbAsync(db => db.Appointments.Where(a => a.Id == outcome.Appointment!.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedAt, DateTimeOffset.UtcNow.AddDays(-7))));

        var now = DateTimeOffset.UtcNow;
        // Other tests of the class share the database: count this person's mail, not the runs' totals.
        var first = await Task.WhenAll(Task.Run(() => RunAsync(now)), Task.Run(() => RunAsync(now)));
        Assert.True(first.Sum() >= 1);
        var mails = await BookingMails.WaitForAsync(email);
        Assert.Single(mails);
        Assert.StartsWith("Rappel : rendez-vous le", mails[0].Subject);
        Assert.Contains("METHOD:PUBLISH", BookingMails.Ics(mails[0]));

        var twoHoursBefore = slot.Start.AddMinutes(-90);
        var second = await Task.WhenAll(Task.Run(() => RunAsync(twoHoursBefore)), Task.Run(() => RunAsync(twoHoursBefore)));
        Assert.True(second.Sum() >= 1);
        await RunAsync(twoHoursBefore.AddMinutes(5));
        Assert.Equal(2, (await BookingMails.WaitForAsync(email, 2)).Count);
        await Task.Delay(300);
        Assert.Equal(2, BookingMails.For(email).Count);

        var saved = await factory.WithDbAsync(db => db.Appointments.AsNoTracking().SingleAsync(a => a.Id == outcome.Appointment!.Id));
        Assert.NotNull(saved.Reminder48hSentAt);
        Assert.NotNull(saved.Reminder2hSentAt);
    }

    [Fact]
    public async Task A_reminder_carries_the_confirmations_management_link_when_the_public_url_is_known()
    {
        await using var withUrl = new MaillageFactory().WithSetting("PublicUrl", "https://maillage.example");
        var world = await BookingWorld.CreateAsync(withUrl);
        var slots = (await world.SlotsAsync(withUrl)).Where(s => s.Start > DateTimeOffset.UtcNow.AddHours(6) && s.Start < DateTimeOffset.UtcNow.AddHours(40)).ToList();
        var email = TestData.NewEmail("lien");
        var outcome = await BookingWorld.BookAsync(withUrl, world.Request(slots[0].Start, email: email));
        // A row made before derived tokens (no random value kept): its reminder points to the confirmation instead.
        var legacyEmail = TestData.NewEmail("ancien");
        var legacy = await BookingWorld.BookAsync(withUrl, world.Request(slots[1].Start, email: legacyEmail));
        await withUrl.WithDbAsync(db => db.Appointments.Where(a => a.Id == legacy.Appointment!.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ManagementNonce, (string?)null)));
        await withUrl.WithDbAsync(db => db.Appointments.Where(a => a.Id == outcome.Appointment!.Id || a.Id == legacy.Appointment!.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedAt, DateTimeOffset.UtcNow.AddDays(-7))));
        Assert.DoesNotContain(outcome.ManagementToken!, await withUrl.WithDbAsync(db => db.Appointments.Where(a => a.Id == outcome.Appointment!.Id).Select(a => a.ManagementNonce + a.ManagementTokenHash).SingleAsync()));

        await using (var scope = withUrl.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BookingReminders>().RunOnceAsync(DateTimeOffset.UtcNow);
        }

        var reminder = Assert.Single(await BookingMails.WaitForAsync(email));
        var link = $"https://maillage.example/rendez-vous/gerer/{outcome.ManagementToken}";
        Assert.Contains(link, reminder.TextBody);
        var old = Assert.Single(await BookingMails.WaitForAsync(legacyEmail));
        Assert.Contains("utilisez le lien reçu dans l'e-mail de confirmation", old.TextBody);

        // The link in the reminder is the working one.
        var client = withUrl.CreateBrowserClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync($"/rendez-vous/gerer/{outcome.ManagementToken}")).StatusCode);
    }

    [Fact]
    public async Task No_reminder_for_a_cancelled_appointment_nor_a_48h_one_for_an_appointment_booked_within_48h()
    {
        var world = await BookingWorld.CreateAsync(factory);
        var slots = (await world.SlotsAsync(factory)).Where(s => s.Start > DateTimeOffset.UtcNow.AddHours(6) && s.Start < DateTimeOffset.UtcNow.AddHours(40)).ToList();
        var recent = TestData.NewEmail("recent");
        var cancelled = TestData.NewEmail("annule");
        Assert.True((await BookingWorld.BookAsync(factory, world.Request(slots[0].Start, email: recent))).Succeeded);
        var gone = await BookingWorld.BookAsync(factory, world.Request(slots[1].Start, email: cancelled));
        await factory.WithDbAsync(db => db.Appointments.Where(a => a.Id == gone.Appointment!.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AppointmentStatus.Cancelled).SetProperty(a => a.CreatedAt, DateTimeOffset.UtcNow.AddDays(-7))));

        await RunAsync(DateTimeOffset.UtcNow);
        await Task.Delay(500);
        Assert.Empty(BookingMails.For(recent));
        Assert.Empty(BookingMails.For(cancelled));
    }

    [Fact]
    public async Task Retention_erases_the_contact_of_appointments_long_over_and_only_those()
    {
        var world = await BookingWorld.CreateAsync(factory);
        var slots = (await world.SlotsAsync(factory)).Where(s => s.Start > DateTimeOffset.UtcNow.AddDays(2)).ToList();
        var old = await BookingWorld.BookAsync(factory, world.Request(slots[0].Start, phone: "06 11 22 33 44") with { Message = "Mon code est 1234" });
        var recent = await BookingWorld.BookAsync(factory, world.Request(slots[1].Start));
        var past = DateTimeOffset.UtcNow.AddMonths(-4);
        await factory.WithDbAsync(db => db.Appointments.Where(a => a.Id == old.Appointment!.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Start, past).SetProperty(a => a.End, past.AddMinutes(30)).SetProperty(a => a.Status, AppointmentStatus.Honoured)));

        var result = await factory.WithDbAsync(db => BookingRetention.EraseContactsAsync(db, 3, DateTimeOffset.UtcNow));
        Assert.True(result.Appointments >= 1);
        var erased = await factory.WithDbAsync(db => db.Appointments.AsNoTracking().SingleAsync(a => a.Id == old.Appointment!.Id));
        Assert.Equal((BookingRetention.AnonymousName, (string?)null, (string?)null, (string?)null), (erased.ContactName, erased.ContactPhone, erased.ContactEmail, erased.Message));
        Assert.Equal($"anonyme:{erased.Id}", erased.ContactKey);
        var kept = await factory.WithDbAsync(db => db.Appointments.AsNoTracking().SingleAsync(a => a.Id == recent.Appointment!.Id));
        Assert.Equal("Jeanne Martin", kept.ContactName);
        Assert.NotNull(kept.ContactEmail);

        // Idempotent.
        Assert.Equal(0, (await factory.WithDbAsync(db => BookingRetention.EraseContactsAsync(db, 3, DateTimeOffset.UtcNow))).Appointments);
    }

    [Fact]
    public async Task Retention_erases_the_contact_of_registrations_to_sessions_long_over()
    {
        var world = await BookingWorld.CreateAsync(factory);
        var ids = await factory.WithDbAsync(async db =>
        {
            var type = new WorkshopType { Title = "Faire son CV", Description = "Un CV clair, pas à pas." };
            db.WorkshopTypes.Add(type);
            await db.SaveChangesAsync();
            WorkshopSession Session(DateTimeOffset start) => new()
            {
                WorkshopTypeId = type.Id,
                PlaceId = world.PlaceId,
                OrganizationId = world.OrganizationId,
                Start = start,
                End = start.AddHours(2),
                Capacity = 8,
            };
            var old = Session(DateTimeOffset.UtcNow.AddMonths(-5));
            var coming = Session(DateTimeOffset.UtcNow.AddDays(5));
            db.WorkshopSessions.AddRange(old, coming);
            await db.SaveChangesAsync();
            Registration Registration(WorkshopSession session, string email) => new()
            {
                WorkshopSessionId = session.Id,
                ContactName = "Karim B.",
                ContactEmail = email,
                ContactKey = email,
                Status = RegistrationStatus.Confirmed,
                CreatedAt = session.Start.AddDays(-3),
                ManagementTokenHash = Guid.NewGuid().ToString("N"),
            };
            var first = Registration(old, TestData.NewEmail("karim"));
            var second = Registration(old, TestData.NewEmail("lina"));
            var kept = Registration(coming, TestData.NewEmail("sam"));
            db.Registrations.AddRange(first, second, kept);
            await db.SaveChangesAsync();
            return (first.Id, second.Id, kept.Id);
        });

        var result = await factory.WithDbAsync(db => BookingRetention.EraseContactsAsync(db, 3, DateTimeOffset.UtcNow));
        Assert.True(result.Registrations >= 2);
        var rows = await factory.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.Id == ids.Item1 || r.Id == ids.Item2 || r.Id == ids.Item3).ToListAsync());
        Assert.All(rows.Where(r => r.Id != ids.Item3), r =>
            Assert.Equal((BookingRetention.AnonymousName, (string?)null, $"anonyme:{r.Id}"), (r.ContactName, r.ContactEmail, r.ContactKey)));
        Assert.Equal("Karim B.", rows.Single(r => r.Id == ids.Item3).ContactName);
    }
}
