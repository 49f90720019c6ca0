using System.Net;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Booking;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Agenda.Booking;

/// <summary>The public pages: book through the form, the e-mail with its .ics and link, cancel and move by the link, bad links.</summary>
[Trait("Category", "Database")]
public sealed class BookingPagesTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private static string DayOf(DateTimeOffset start) => DateOnly.FromDateTime(Maillage.Shared.Web.ParisTime.ToParis(start).DateTime).ToString("yyyy-MM-dd");

    private async Task<(BookingWorld World, FreeSlot Slot, string Url)> ChooseAsync()
    {
        var world = await BookingWorld.CreateAsync(factory);
        var slot = await world.SlotAsync(factory);
        return (world, slot, $"/rendez-vous?lieu={world.PlaceId}&motif={world.MotifId}&jour={DayOf(slot.Start)}");
    }

    [Fact]
    public async Task The_steps_lead_from_the_place_to_the_motif_the_day_and_the_times()
    {
        var (world, slot, _) = await ChooseAsync();
        var client = factory.CreateBrowserClient();
        var place = await factory.WithDbAsync(db => db.Places.SingleAsync(p => p.Id == world.PlaceId));

        var search = await Forms.GetDocumentAsync(client, "/rendez-vous?q=" + Uri.EscapeDataString(place.Name));
        Assert.NotNull(search.QuerySelector($"a[href='/rendez-vous?lieu={world.PlaceId}']"));

        var motifs = await Forms.GetDocumentAsync(client, $"/rendez-vous?lieu={world.PlaceId}");
        Assert.NotNull(motifs.QuerySelector($"input[name=motif][value='{world.MotifId}']"));

        var days = await Forms.GetDocumentAsync(client, $"/rendez-vous?lieu={world.PlaceId}&motif={world.MotifId}");
        Assert.NotNull(days.QuerySelector($"a[href$='jour={DayOf(slot.Start)}']"));

        var times = await Forms.GetDocumentAsync(client, $"/rendez-vous?lieu={world.PlaceId}&motif={world.MotifId}&jour={DayOf(slot.Start)}");
        Assert.NotNull(times.QuerySelector($"input[name='Input.Slot'][value='{BookingText.SlotValue(slot.Start)}']"));
        Assert.Null(times.QuerySelector("#erreurs")); // nothing to report before the person posts

        var unknown = await Forms.GetDocumentAsync(client, $"/rendez-vous?lieu={world.PlaceId}&motif=987654");
        Assert.Contains("n'existe pas", unknown.QuerySelector(".alert")!.TextContent);
    }

    [Fact]
    public async Task A_person_books_receives_the_mail_with_ics_and_link_then_cancels_through_it()
    {
        var (world, slot, url) = await ChooseAsync();
        var email = TestData.NewEmail("jeanne");
        var client = factory.CreateBrowserClient();
        var response = await Forms.SubmitAsync(client, url, new Dictionary<string, string>
        {
            ["Input.Slot"] = BookingText.SlotValue(slot.Start),
            ["Input.Name"] = "Jeanne M.",
            ["Input.Email"] = email,
        }, "form[method=post]");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/rendez-vous/gerer/rdv_", location);

        var confirmation = await Forms.GetDocumentAsync(client, location);
        Assert.Equal("Rendez-vous confirmé", confirmation.QuerySelector("h1")!.TextContent);
        Assert.Contains(BookingText.When(slot.Start), confirmation.QuerySelector(".booking-summary")!.TextContent);

        var mail = (await BookingMails.WaitForAsync(email)).Single();
        Assert.StartsWith("Votre rendez-vous du", mail.Subject);
        var link = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https?://\S+/rendez-vous/gerer/\S+").Value;
        Assert.EndsWith(location.Split('?')[0], link);
        var ics = BookingMails.Ics(mail);
        Assert.Contains("METHOD:PUBLISH", ics);
        Assert.Contains($"DTSTART:{slot.Start.UtcDateTime:yyyyMMdd'T'HHmmss}Z", ics);

        var manage = new Uri(link).AbsolutePath;
        var cancel = await Forms.SubmitAsync(client, manage + "/annuler", new Dictionary<string, string>(), "form[method=post]");
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        var after = await Forms.GetDocumentAsync(client, cancel.Headers.Location!.OriginalString);
        Assert.Contains("Annulé par vous", after.QuerySelector(".booking-summary")!.TextContent);
        Assert.Null(after.QuerySelector("a[href$='/annuler']"));

        var messages = await BookingMails.WaitForAsync(email, 2);
        Assert.Equal(2, messages.Count);
        Assert.StartsWith("Rendez-vous annulé", messages[1].Subject);
        Assert.Contains("METHOD:CANCEL", BookingMails.Ics(messages[1]));
        var saved = await factory.WithDbAsync(db => db.Appointments.SingleAsync(a => a.ContactEmail == email));
        Assert.Equal((AppointmentStatus.Cancelled, CancelledBy.Person), (saved.Status, saved.CancelledBy));

        // The slot is free again.
        Assert.Contains(await world.SlotsAsync(factory), s => s.Start == slot.Start);
    }

    [Fact]
    public async Task Bad_input_on_the_form_shows_french_errors_on_the_fields_and_saves_nothing()
    {
        var (world, slot, url) = await ChooseAsync();
        var client = factory.CreateBrowserClient();
        var response = await Forms.SubmitAsync(client, url, new Dictionary<string, string>
        {
            ["Input.Name"] = "",
            ["Input.Phone"] = "12 34",
            ["Input.Email"] = "jeanne@",
        }, "form[method=post]");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Forms.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("true", page.QuerySelector("#Input_Name")!.GetAttribute("aria-invalid"));
        Assert.Contains("numéro", page.QuerySelector("#phone-error")!.TextContent);
        Assert.Contains("adresse e-mail", page.QuerySelector("#email-error")!.TextContent);
        Assert.Contains("horaire", page.QuerySelector("#slot-error")!.TextContent);
        Assert.NotNull(page.QuerySelector("#erreurs"));
        Assert.Equal(0, await BookingWorld.LiveCountAsync(factory, world.AdvisorId));

        // A slot taken between the display and the post.
        Assert.True((await BookingWorld.BookAsync(factory, world.Request(slot.Start))).Succeeded);
        var taken = await Forms.SubmitAsync(client, url, new Dictionary<string, string>
        {
            ["Input.Slot"] = BookingText.SlotValue(slot.Start),
            ["Input.Name"] = "Jeanne",
            ["Input.Phone"] = "06 12 34 56 78",
        }, "form[method=post]");
        var takenPage = Forms.Parse(await taken.Content.ReadAsStringAsync());
        Assert.Contains("Ce créneau vient d'être pris", takenPage.QuerySelector("#slot-error")!.TextContent);
        Assert.Equal(1, await BookingWorld.LiveCountAsync(factory, world.AdvisorId));
    }

    [Fact]
    public async Task The_honeypot_drops_the_booking_silently()
    {
        var (world, slot, url) = await ChooseAsync();
        var response = await Forms.SubmitAsync(factory.CreateBrowserClient(), url, new Dictionary<string, string>
        {
            ["Input.Slot"] = BookingText.SlotValue(slot.Start),
            ["Input.Name"] = "Robot",
            ["Input.Email"] = TestData.NewEmail("robot"),
            ["Input.Website"] = "http://spam.example",
        }, "form[method=post]");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/rendez-vous/recu", response.Headers.Location!.OriginalString);
        Assert.Equal(0, await BookingWorld.LiveCountAsync(factory, world.AdvisorId));
    }

    [Fact]
    public async Task A_tampered_link_answers_404_in_french_and_a_late_one_changes_nothing()
    {
        var client = factory.CreateBrowserClient();
        foreach (var path in new[] { "/rendez-vous/gerer/rdv_inconnu", "/rendez-vous/gerer/rdv_inconnu/annuler" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("Ce lien ne correspond à aucun rendez-vous", await response.Content.ReadAsStringAsync());
        }

        // Within the cut-off (4 h): shown, but neither cancel nor move.
        var world = await BookingWorld.CreateAsync(factory);
        var email = TestData.NewEmail("tardive");
        var outcome = await BookingWorld.BookAsync(factory, world.Request((await world.SlotAsync(factory)).Start, email: email));
        Assert.True(outcome.Succeeded);
        var soon = DateTimeOffset.UtcNow.AddHours(3);
        await factory.WithDbAsync(db => db.Appointments.Where(a => a.Id == outcome.Appointment!.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Start, soon).SetProperty(a => a.End, soon.AddMinutes(30))));
        var page = await Forms.GetDocumentAsync(client, $"/rendez-vous/gerer/{outcome.ManagementToken}");
        Assert.Contains("trop tard", page.QuerySelector(".alert-info")!.TextContent);
        Assert.Null(page.QuerySelector("a[href$='/annuler']"));
        var post = await client.PostAsync($"/rendez-vous/gerer/{outcome.ManagementToken}/annuler", new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(AppointmentStatus.Booked, await factory.WithDbAsync(db => db.Appointments.Where(a => a.ContactEmail == email).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_person_moves_the_appointment_through_the_link()
    {
        var world = await BookingWorld.CreateAsync(factory);
        var slots = (await world.SlotsAsync(factory)).Where(s => s.Start > DateTimeOffset.UtcNow.AddDays(3)).ToList();
        var email = TestData.NewEmail("deplace");
        var outcome = await BookingWorld.BookAsync(factory, world.Request(slots[0].Start, email: email));
        var target = slots.First(s => s.Start > slots[0].Start.AddDays(1));
        var client = factory.CreateBrowserClient();
        var response = await Forms.SubmitAsync(client, $"/rendez-vous/gerer/{outcome.ManagementToken}/deplacer?jour={DayOf(target.Start)}",
            new Dictionary<string, string> { ["Slot"] = BookingText.SlotValue(target.Start) }, "form[method=post]");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("deplace=true", response.Headers.Location!.OriginalString);
        var saved = await factory.WithDbAsync(db => db.Appointments.SingleAsync(a => a.ContactEmail == email));
        Assert.Equal(target.Start, saved.Start);
        Assert.Equal(AppointmentStatus.Booked, saved.Status);
        var messages = await BookingMails.WaitForAsync(email);
        Assert.Contains(messages, m => (m.Subject ?? "").StartsWith("Rendez-vous déplacé", StringComparison.Ordinal));
        Assert.Contains(await world.SlotsAsync(factory), s => s.Start == slots[0].Start);
    }
}
