using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Booking;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Agenda.Booking;

/// <summary>The booking service on both engines: no double booking under concurrency, and bad input saves nothing.</summary>
[Trait("Category", "Database")]
public sealed class BookingServiceTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task Fifty_parallel_bookings_of_one_slot_give_one_appointment_and_49_slot_taken()
    {
        var world = await BookingWorld.CreateAsync(factory);
        var slot = await world.SlotAsync(factory);

        var attempts = Enumerable.Range(0, 50).Select(_ => Task.Run(() => BookingWorld.BookAsync(factory, world.Request(slot.Start))));
        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, o => o.Succeeded);
        var losers = outcomes.Where(o => !o.Succeeded).ToList();
        Assert.Equal(49, losers.Count);
        Assert.All(losers, o =>
        {
            Assert.True(o.SlotTaken);
            Assert.Equal([BookingMessages.SlotTaken], o.Errors[nameof(BookingRequest.Start)]);
            Assert.StartsWith("Ce créneau vient d'être pris", o.Errors[nameof(BookingRequest.Start)][0]);
        });
        Assert.Equal(1, await BookingWorld.LiveCountAsync(factory, world.AdvisorId));
    }

    [Fact]
    public async Task Parallel_bookings_of_overlapping_slots_with_different_starts_never_overlap()
    {
        // A 45-minute motif against 30-minute bookings: the lock, not the unique index, keeps them apart.
        var world = await BookingWorld.CreateAsync(factory);
        var slot = await world.SlotAsync(factory);
        var longMotif = await factory.WithDbAsync(async db =>
        {
            var motif = new AppointmentMotif { Name = $"Long {Guid.NewGuid():N}", DurationMinutes = 45, Theme = Maillage.Features.Accompagnements.ActivityTheme.Email };
            db.AppointmentMotifs.Add(motif);
            await db.SaveChangesAsync();
            return motif.Id;
        });
        var slots30 = (await world.SlotsAsync(factory)).Where(s => s.Start >= slot.Start && s.Start < slot.Start.AddHours(3)).Select(s => s.Start).ToList();
        var requests = slots30.Select(s => world.Request(s))
            .Concat(slots30.Select(s => world.Request(s.AddMinutes(15), motifId: longMotif)))
            .ToList();
        var outcomes = await Task.WhenAll(requests.Select(r => Task.Run(() => BookingWorld.BookAsync(factory, r))));

        Assert.Contains(outcomes, o => o.Succeeded);
        var booked = await factory.WithDbAsync(db => db.Appointments.AsNoTracking()
            .Where(a => a.AdvisorId == world.AdvisorId && a.Status != AppointmentStatus.Cancelled).ToListAsync());
        var ordered = booked.OrderBy(a => a.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].Start >= ordered[i - 1].End, $"{ordered[i - 1].Start}–{ordered[i - 1].End} overlaps {ordered[i].Start}");
        }

        Assert.Equal(outcomes.Count(o => o.Succeeded), booked.Count);
    }

    [Fact]
    public async Task A_booking_stores_the_contact_the_organization_and_only_the_hash_of_the_management_secret()
    {
        var world = await BookingWorld.CreateAsync(factory);
        var slot = await world.SlotAsync(factory);
        var outcome = await BookingWorld.BookAsync(factory, world.Request(slot.Start, phone: "06 12 34 56 78") with { Message = "  J'apporte mon téléphone.  " });

        Assert.True(outcome.Succeeded);
        Assert.NotNull(outcome.ManagementToken);
        var saved = await factory.WithDbAsync(db => db.Appointments.AsNoTracking().SingleAsync(a => a.Id == outcome.Appointment!.Id));
        Assert.Equal(("+33612345678", (string?)null, "+33612345678"), (saved.ContactPhone, saved.ContactEmail, saved.ContactKey));
        Assert.Equal(world.OrganizationId, saved.OrganizationId);
        Assert.Equal(slot.Start.AddMinutes(30), saved.End);
        Assert.Equal("J'apporte mon téléphone.", saved.Message);
        Assert.Equal(AppointmentStatus.Booked, saved.Status);
        Assert.NotEqual(outcome.ManagementToken, saved.ManagementTokenHash);
        Assert.Equal(Maillage.Shared.Security.SecretTokens.Hash(outcome.ManagementToken!), saved.ManagementTokenHash);
    }

    [Fact]
    public async Task Bad_input_gives_french_messages_on_the_field_and_saves_nothing()
    {
        var world = await BookingWorld.CreateAsync(factory);
        var slot = await world.SlotAsync(factory);

        async Task<IReadOnlyDictionary<string, string[]>> Errors(BookingRequest request)
        {
            var outcome = await BookingWorld.BookAsync(factory, request);
            Assert.False(outcome.Succeeded);
            Assert.False(outcome.SlotTaken);
            return outcome.Errors;
        }

        Assert.Contains("déjà passé", (await Errors(world.Request(DateTimeOffset.UtcNow.AddHours(-3))))["Start"][0]);
        Assert.Contains("trop proche", (await Errors(world.Request(DateTimeOffset.UtcNow.AddMinutes(30))))["Start"][0]);
        Assert.Contains("trop lointain", (await Errors(world.Request(DateTimeOffset.UtcNow.AddDays(60))))["Start"][0]);
        Assert.Contains("horaires", (await Errors(world.Request(slot.Start.AddMinutes(7))))["Start"][0]);
        Assert.Contains("motif", (await Errors(world.Request(slot.Start, motifId: 987654)))["MotifId"][0]);
        Assert.Contains("téléphone ou une adresse e-mail", (await Errors(new BookingRequest(world.PlaceId, world.MotifId, slot.Start, null, new ContactInput("Jeanne", " ", ""), null)))["Phone"][0]);
        Assert.Contains("numéro", (await Errors(world.Request(slot.Start, phone: "12 34")))["Phone"][0]);
        Assert.Contains("adresse e-mail", (await Errors(world.Request(slot.Start, email: "jeanne@")))["Email"][0]);
        Assert.Contains("nom", (await Errors(world.Request(slot.Start, name: " ")))["Name"][0]);
        Assert.Contains("500", (await Errors(world.Request(slot.Start) with { Message = new string('a', 501) }))["Message"][0]);

        var otherPlace = await factory.CreatePlaceAsync(world.OrganizationId);
        Assert.Contains("ne propose pas", (await Errors(world.Request(slot.Start) with { PlaceId = otherPlace.Id }))["PlaceId"][0]);
        Assert.Equal(0, await BookingWorld.LiveCountAsync(factory, world.AdvisorId));
    }

    [Fact]
    public async Task A_contact_is_capped_per_week()
    {
        var world = await BookingWorld.CreateAsync(factory);
        var slots = (await world.SlotsAsync(factory)).Where(s => s.Start > DateTimeOffset.UtcNow.AddDays(2)).ToList();
        var email = TestData.NewEmail("assidue");
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await BookingWorld.BookAsync(factory, world.Request(slots[i].Start, email: email))).Succeeded);
        }

        var fourth = await BookingWorld.BookAsync(factory, world.Request(slots[3].Start, email: email.ToUpperInvariant()));
        Assert.False(fourth.Succeeded);
        Assert.Contains("maximum", fourth.Errors["Email"][0]);
        Assert.Equal(3, await BookingWorld.LiveCountAsync(factory, world.AdvisorId));
    }

    [Fact]
    public async Task Without_an_advisor_the_booking_goes_to_one_who_is_free_and_a_taken_slot_is_told_so()
    {
        var world = await BookingWorld.CreateAsync(factory, advisors: 2);
        var slot = await world.SlotAsync(factory);
        var first = await BookingWorld.BookAsync(factory, world.Request(slot.Start));
        var second = await BookingWorld.BookAsync(factory, world.Request(slot.Start));
        var third = await BookingWorld.BookAsync(factory, world.Request(slot.Start));

        Assert.True(first.Succeeded && second.Succeeded);
        Assert.NotEqual(first.Appointment!.AdvisorId, second.Appointment!.AdvisorId);
        Assert.True(third.SlotTaken);
    }

    [Fact]
    public async Task Twenty_parallel_moves_into_one_slot_move_exactly_one_appointment()
    {
        var world = await BookingWorld.CreateAsync(factory);
        var slots = (await world.SlotsAsync(factory)).Where(s => s.Start > DateTimeOffset.UtcNow.AddDays(2)).ToList();
        var booked = new List<BookingOutcome>();
        for (var i = 0; i < 20; i++)
        {
            booked.Add(await BookingWorld.BookAsync(factory, world.Request(slots[i].Start)));
        }

        var target = slots[25].Start;
        var moves = await Task.WhenAll(booked.Select(b => Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<BookingService>();
            var appointment = await service.FindByTokenAsync(b.ManagementToken);
            return await service.MoveAsync(appointment!, target);
        })));

        Assert.Single(moves, m => m.Succeeded);
        Assert.Equal(19, moves.Count(m => m.SlotTaken));
        var live = await factory.WithDbAsync(db => db.Appointments.AsNoTracking().Where(a => a.AdvisorId == world.AdvisorId && a.Status == AppointmentStatus.Booked).Select(a => a.Start).ToListAsync());
        Assert.Equal(20, live.Count);
        Assert.Single(live, s => s == target);
    }
}
