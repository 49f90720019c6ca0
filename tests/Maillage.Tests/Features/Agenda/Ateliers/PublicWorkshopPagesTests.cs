using System.Net;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Agenda.Ateliers;

/// <summary>The public pages: agenda with filters, registration without account, confirmation and mail, the management link.</summary>
[Trait("Category", "Database")]
public sealed class PublicWorkshopPagesTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task The_agenda_lists_upcoming_sessions_and_filters_them_by_theme_and_week()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var soon = await world.SessionAsync(factory, daysAhead: 2);
        var later = await world.SessionAsync(factory, daysAhead: 30);
        var past = await world.SessionAsync(factory, daysAhead: -3);
        var client = factory.CreateBrowserClient();

        var all = await client.GetStringAsync("/ateliers");
        Assert.Contains($"href=\"/ateliers/{soon}\"", all);
        Assert.Contains($"href=\"/ateliers/{later}\"", all);
        Assert.DoesNotContain($"href=\"/ateliers/{past}\"", all);

        var otherTheme = await client.GetStringAsync("/ateliers?theme=SocialNetworks");
        Assert.DoesNotContain($"href=\"/ateliers/{soon}\"", otherTheme);
        var byTheme = await client.GetStringAsync("/ateliers?theme=Security");
        Assert.Contains($"href=\"/ateliers/{soon}\"", byTheme);

        var soonStart = (await WorkshopWorld.LoadAsync(factory, soon)).Start;
        var monday = WorkshopAgenda.MondayOf(DateOnly.FromDateTime(Maillage.Shared.Web.ParisTime.ToParis(soonStart).DateTime));
        var week = await client.GetStringAsync($"/ateliers?semaine={monday:yyyy-MM-dd}");
        Assert.Contains($"href=\"/ateliers/{soon}\"", week);
        Assert.DoesNotContain($"href=\"/ateliers/{later}\"", week);

        var nowhere = await client.GetStringAsync("/ateliers?commune=00000");
        Assert.Contains("Aucun atelier ne correspond à ces filtres", nowhere);
    }

    [Fact]
    public async Task A_person_registers_gets_the_mail_with_the_link_and_cancels_through_it_which_promotes_the_first_waiting()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory, capacity: 1);
        var client = factory.CreateBrowserClient();
        var first = TestData.NewEmail("premiere");
        var second = TestData.NewEmail("seconde");

        var response = await Forms.SubmitAsync(client, $"/ateliers/{sessionId}", new Dictionary<string, string> { ["Input.Name"] = "Jeanne Martin", ["Input.Email"] = first });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var confirmation = await client.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Votre inscription est confirmée", confirmation);
        Assert.Contains("Nous vous avons envoyé un e-mail", confirmation[confirmation.IndexOf("<main", StringComparison.Ordinal)..]);
        var mail = await Mailbox.WaitForAsync(first);
        Assert.StartsWith("Inscription confirmée", mail.Subject);
        var link = Assert.Single(mail.Links, l => l.Contains("/ateliers/inscription/", StringComparison.Ordinal));

        var full = await Forms.SubmitAsync(client, $"/ateliers/{sessionId}", new Dictionary<string, string> { ["Input.Name"] = "Paul Durand", ["Input.Email"] = second });
        var waiting = await client.GetStringAsync(full.Headers.Location!.OriginalString);
        Assert.Contains("La séance est complète : vous êtes inscrit sur la liste d'attente, en position 1.", WebUtility.HtmlDecode(waiting));
        var waitingMail = await Mailbox.WaitForAsync(second);
        Assert.StartsWith("Liste d'attente", waitingMail.Subject);
        var secondLink = Assert.Single(waitingMail.Links, l => l.Contains("/ateliers/inscription/", StringComparison.Ordinal));

        // The link, its confirmation step, then the cancellation.
        var path = new Uri(link).PathAndQuery;
        var ask = await client.GetStringAsync(path + "/annuler");
        Assert.Contains("Annuler votre inscription ?", ask);
        var cancel = await Forms.SubmitAsync(client, path + "/annuler", new Dictionary<string, string>(), "form.confirm-box");
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        Assert.Contains("Votre inscription est annulée", await client.GetStringAsync(cancel.Headers.Location!.OriginalString));

        var promoted = await WaitForSubjectAsync(second, "Une place s'est libérée");
        Assert.Contains("vous êtes maintenant inscrit", promoted.TextBody);
        // The promotion notice carries the person's own link again, the one of their waiting-list message.
        Assert.Equal(secondLink, Assert.Single(promoted.Links, l => l.Contains("/ateliers/inscription/", StringComparison.Ordinal)));
        var session = await WorkshopWorld.LoadAsync(factory, sessionId);
        Assert.Equal(1, session.ConfirmedCount);
        Assert.Equal(RegistrationStatus.Confirmed, session.Registrations.Single(r => r.ContactEmail == second).Status);
        Assert.Equal(RegistrationStatus.Cancelled, session.Registrations.Single(r => r.ContactEmail == first).Status);
    }

    [Fact]
    public async Task Bad_input_shows_french_messages_on_the_fields_and_the_honeypot_stores_nothing()
    {
        var world = await WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory);
        var client = factory.CreateBrowserClient();

        var response = await Forms.SubmitAsync(client, $"/ateliers/{sessionId}", new Dictionary<string, string> { ["Input.Name"] = "Jeanne", ["Input.Phone"] = "12", ["Input.Email"] = "" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Forms.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("true", page.QuerySelector("#Input_Phone")!.GetAttribute("aria-invalid"));
        Assert.Contains("phone-error", page.QuerySelector("#Input_Phone")!.GetAttribute("aria-describedby"));
        Assert.Contains("numéro de téléphone n'est pas valide", page.QuerySelector("#phone-error")!.TextContent);

        var robot = await Forms.SubmitAsync(client, $"/ateliers/{sessionId}", new Dictionary<string, string> { ["Input.Name"] = "Robot", ["Input.Email"] = TestData.NewEmail("robot"), ["Input.Website"] = "http://spam.example" });
        Assert.Equal(HttpStatusCode.Redirect, robot.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Registrations.CountAsync(r => r.WorkshopSessionId == sessionId)));
    }

    [Fact]
    public async Task A_tampered_link_answers_a_french_404_page()
    {
        var client = factory.CreateBrowserClient();
        var response = await client.GetAsync("/ateliers/inscription/atl_nimportequoi");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Lien d'inscription inconnu", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ateliers/987654")).StatusCode);
    }

    private static async Task<ReceivedMail> WaitForSubjectAsync(string to, string subject)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (Mailbox.Find(to).FirstOrDefault(m => m.Subject.StartsWith(subject, StringComparison.Ordinal)) is { } mail)
            {
                return mail;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No « {subject} » mail to {to}.");
    }
}
