using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Agenda.Ateliers;

/// <summary>Registrations on both engines: never over capacity under concurrency, waiting list in order, promotion on cancel.</summary>
[Trait("Category", "Database")]
public sealed class RegistrationServiceTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task Thirty_parallel_registrations_on_eight_seats_confirm_exactly_eight_and_put_22_on_the_waiting_list()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory, capacity: 8);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30)
            .Select(i => Task.Run(() => WorkshopWorld.RegisterAsync(factory, sessionId, WorkshopWorld.Person(name: $"Personne {i}")))));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, string.Join(" ", o.Errors.SelectMany(e => e.Value))));
        Assert.Equal(8, outcomes.Count(o => o.Registration!.Status == RegistrationStatus.Confirmed));
        Assert.Equal(22, outcomes.Count(o => o.Waiting));
        var session = await WorkshopWorld.LoadAsync(factory, sessionId);
        Assert.Equal(8, session.ConfirmedCount);
        Assert.Equal(8, session.Registrations.Count(r => r.Status == RegistrationStatus.Confirmed));
        Assert.Equal(22, session.Registrations.Count(r => r.Status == RegistrationStatus.Waiting));
        // Every waiting person got a distinct rank, 1 to 22.
        Assert.Equal(Enumerable.Range(1, 22), outcomes.Where(o => o.Waiting).Select(o => o.WaitingPosition!.Value).Order());
    }

    [Fact]
    public async Task Cancelling_a_confirmed_seat_promotes_the_first_person_waiting_and_only_one()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory, capacity: 2);
        var first = await WorkshopWorld.RegisterAsync(factory, sessionId, WorkshopWorld.Person());
        await WorkshopWorld.RegisterAsync(factory, sessionId, WorkshopWorld.Person());
        var waiting1 = await WorkshopWorld.RegisterAsync(factory, sessionId, WorkshopWorld.Person());
        var waiting2 = await WorkshopWorld.RegisterAsync(factory, sessionId, WorkshopWorld.Person());
        Assert.Equal((1, 2), (waiting1.WaitingPosition, waiting2.WaitingPosition));
        Assert.Equal("La séance est complète : vous êtes inscrit sur la liste d'attente, en position 1.", RegistrationMessages.WaitingList(1));

        var cancel = await WorkshopWorld.CancelAsync(factory, first.Registration!.Id);

        Assert.True(cancel.Cancelled);
        Assert.Equal(waiting1.Registration!.Id, Assert.Single(cancel.Promoted).Id);
        var session = await WorkshopWorld.LoadAsync(factory, sessionId);
        Assert.Equal(2, session.ConfirmedCount);
        Assert.Equal(RegistrationStatus.Confirmed, session.Registrations.Single(r => r.Id == waiting1.Registration.Id).Status);
        Assert.NotNull(session.Registrations.Single(r => r.Id == waiting1.Registration.Id).PromotedAt);
        Assert.Equal(RegistrationStatus.Waiting, session.Registrations.Single(r => r.Id == waiting2.Registration!.Id).Status);
        Assert.Equal(CancelledBy.Person, session.Registrations.Single(r => r.Id == first.Registration.Id).CancelledBy);

        // A second cancellation of the same registration changes nothing and promotes nobody.
        var again = await WorkshopWorld.CancelAsync(factory, first.Registration.Id);
        Assert.False(again.Cancelled);
        Assert.Empty(again.Promoted);
        Assert.Equal(2, (await WorkshopWorld.LoadAsync(factory, sessionId)).ConfirmedCount);
    }

    [Fact]
    public async Task Parallel_cancellations_of_confirmed_seats_keep_the_count_right_and_never_exceed_capacity()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory, capacity: 5);
        var outcomes = new List<RegistrationOutcome>();
        for (var i = 0; i < 12; i++)
        {
            outcomes.Add(await WorkshopWorld.RegisterAsync(factory, sessionId, WorkshopWorld.Person()));
        }

        var confirmed = outcomes.Where(o => !o.Waiting).Select(o => o.Registration!.Id).ToList();
        var waiting = outcomes.Where(o => o.Waiting).Select(o => o.Registration!.Id).ToList();
        // Three confirmed people and the last two waiting cancel at once.
        var cancels = await Task.WhenAll(confirmed.Take(3).Concat(waiting.TakeLast(2)).Select(id => Task.Run(() => WorkshopWorld.CancelAsync(factory, id))));

        Assert.All(cancels, c => Assert.True(c.Cancelled));
        var session = await WorkshopWorld.LoadAsync(factory, sessionId);
        Assert.Equal(5, session.ConfirmedCount);
        Assert.Equal(5, session.Registrations.Count(r => r.Status == RegistrationStatus.Confirmed));
        Assert.Equal(3, cancels.Sum(c => c.Promoted.Count));
        Assert.Equal(waiting.Take(3).Order(), cancels.SelectMany(c => c.Promoted).Select(r => r.Id).Order());
    }

    [Fact]
    public async Task The_same_contact_cannot_register_twice_even_in_parallel()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory);
        var email = TestData.NewEmail("double");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => WorkshopWorld.RegisterAsync(factory, sessionId, WorkshopWorld.Person(email)))));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o =>
        {
            Assert.True(o.AlreadyRegistered);
            Assert.Equal([RegistrationMessages.AlreadyRegistered], o.Errors[nameof(ContactInput.Email)]);
        });
        // Different case, same person.
        var again = await WorkshopWorld.RegisterAsync(factory, sessionId, WorkshopWorld.Person(email.ToUpperInvariant()));
        Assert.True(again.AlreadyRegistered);
        var session = await WorkshopWorld.LoadAsync(factory, sessionId);
        Assert.Equal(1, session.ConfirmedCount);
        Assert.Single(session.Registrations);
    }

    [Fact]
    public async Task Bad_input_and_closed_sessions_save_nothing()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory);
        var past = await world.SessionAsync(factory, daysAhead: -2);
        var cancelled = await world.SessionAsync(factory);
        await factory.WithDbAsync(db => db.WorkshopSessions.Where(s => s.Id == cancelled).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, WorkshopSessionStatus.Cancelled)));

        var noContact = await WorkshopWorld.RegisterAsync(factory, sessionId, new ContactInput("Jeanne", " ", ""));
        Assert.Contains("téléphone ou une adresse e-mail", noContact.Errors[nameof(ContactInput.Phone)][0]);
        var badPhone = await WorkshopWorld.RegisterAsync(factory, sessionId, new ContactInput("Jeanne", "12 34", null));
        Assert.Contains("numéro de téléphone n'est pas valide", badPhone.Errors[nameof(ContactInput.Phone)][0]);
        var badEmail = await WorkshopWorld.RegisterAsync(factory, sessionId, new ContactInput("Jeanne", null, "jeanne@"));
        Assert.Contains("adresse e-mail n'est pas valide", badEmail.Errors[nameof(ContactInput.Email)][0]);
        var noName = await WorkshopWorld.RegisterAsync(factory, sessionId, new ContactInput("", "06 12 34 56 78", null));
        Assert.True(noName.Errors.ContainsKey(nameof(ContactInput.Name)));
        foreach (var closed in new[] { past, cancelled, 987654 })
        {
            var outcome = await WorkshopWorld.RegisterAsync(factory, closed, WorkshopWorld.Person());
            Assert.True(outcome.SessionUnavailable);
            Assert.Equal([RegistrationMessages.Unavailable], outcome.Errors["SessionId"]);
        }

        var count = await factory.WithDbAsync(db => db.Registrations.CountAsync(r => r.WorkshopSessionId == sessionId || r.WorkshopSessionId == past || r.WorkshopSessionId == cancelled));
        Assert.Equal(0, count);
        Assert.Equal(0, (await WorkshopWorld.LoadAsync(factory, sessionId)).ConfirmedCount);
    }

    [Fact]
    public async Task A_contact_is_capped_per_week()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var phone = "06 " + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sessions = new List<int>();
        for (var i = 0; i < 7; i++)
        {
            sessions.Add(await world.SessionAsync(factory, daysAhead: 3 + i));
        }

        for (var i = 0; i < 6; i++)
        {
            Assert.True((await WorkshopWorld.RegisterAsync(factory, sessions[i], new ContactInput("Paul", phone, null))).Succeeded);
        }

        var seventh = await WorkshopWorld.RegisterAsync(factory, sessions[6], new ContactInput("Paul", phone, null));
        Assert.False(seventh.Succeeded);
        Assert.Contains("c'est le maximum", seventh.Errors[nameof(ContactInput.Phone)][0]);
    }
}
