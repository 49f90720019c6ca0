using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Comptes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>
/// Public booking on a 375 px phone, without an account: find the place, choose the motif, the day and the time, leave a
/// name and an e-mail (after a first try with errors), read the confirmation mail from the SMTP server, open its link and
/// cancel with the confirmation step; axe-core on every page.
/// </summary>
public sealed class RendezVousTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const int Phone = 375;

    /// <summary>Its own advisor (in the demo advisor's organization), place with bookable hours every day 8:00–20:00, and motif.</summary>
    private async Task<(int PlaceId, string PlaceName, string Motif)> CreateBookablePlaceAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var organizationId = await db.Grants.Where(g => g.User!.Email == "conseiller@demo.maillage.fr" && g.OrganizationId != null).Select(g => g.OrganizationId!.Value).FirstAsync();
        var template = await db.Places.AsNoTracking().Where(p => p.IsPublished).OrderBy(p => p.Id).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var place = new Maillage.Features.Lieux.Place
        {
            ImportSource = Maillage.Features.Lieux.Place.OwnSource,
            SourceId = Guid.NewGuid().ToString(),
            Name = $"Maison des habitants Rendez-vous {suffix}",
            Pivot = template.Pivot,
            CommuneName = template.CommuneName,
            PostalCode = template.PostalCode,
            InseeCode = template.InseeCode,
            CommuneId = template.CommuneId,
            Address = "3 rue des Tests",
            OrganizationId = organizationId,
            Latitude = template.Latitude,
            Longitude = template.Longitude,
            Kind = template.Kind,
            UpdatedOn = DateOnly.FromDateTime(DateTime.UtcNow),
            CreatedAt = now,
            ModifiedAt = now,
        };
        db.Places.Add(place);
        var advisor = new AppUser { UserName = UniqueEmail("cnfs"), Email = UniqueEmail("cnfs"), EmailConfirmed = true, DisplayName = "Samia Conseillère", CreatedAt = now };
        var created = await users.CreateAsync(advisor, "Mot-de-passe-de-test-2026");
        Assert.True(created.Succeeded);
        db.Grants.Add(new Grant { UserId = advisor.Id, Role = Role.Conseiller, OrganizationId = organizationId, GrantedAt = now });
        var profile = new AdvisorProfile { UserId = advisor.Id, OrganizationId = organizationId, PublicName = "Samia B.", CreatedAt = now };
        db.AdvisorProfiles.Add(profile);
        await db.SaveChangesAsync();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            db.Permanences.Add(new Permanence
            {
                AdvisorProfileId = profile.Id,
                AdvisorId = advisor.Id,
                PlaceId = place.Id,
                Day = day,
                Start = new TimeOnly(8, 0),
                End = new TimeOnly(20, 0),
                ValidFrom = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1),
                ObservesPublicHolidays = false,
                CreatedAt = now,
            });
        }

        var motif = new AppointmentMotif { Name = $"Créer son adresse e-mail {suffix}", Description = "Apportez votre téléphone.", DurationMinutes = 30, OrganizationId = organizationId, Theme = ActivityTheme.Email };
        db.AppointmentMotifs.Add(motif);
        await db.SaveChangesAsync();
        return (place.Id, place.Name, motif.Name);
    }

    [Fact]
    public Task A_person_books_on_a_phone_gets_the_mail_and_cancels_through_its_link() => RunAsync(nameof(A_person_books_on_a_phone_gets_the_mail_and_cancels_through_its_link), Phone, async page =>
    {
        var (placeId, placeName, motif) = await CreateBookablePlaceAsync();
        var email = UniqueEmail("jeanne");
        var since = DateTimeOffset.Now;

        await VisitAsync(page, "/rendez-vous");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Prendre rendez-vous");
        await page.GetByLabel("Commune, code postal ou nom du lieu").FillAsync(placeName);
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Chercher" }));
        await AssertAccessibleAsync(page, "search");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = placeName }));
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"lieu={placeId}$"));
        await AssertAccessibleAsync(page, "motif");

        await page.GetByLabel(motif).CheckAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Voir les jours libres" }));
        await AssertAccessibleAsync(page, "days");

        // The second day: today may have few times left.
        await ClickAndWaitForNewDocumentAsync(page, page.Locator(".booking-days a").Nth(1));
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Heure du rendez-vous" })).ToBeVisibleAsync();
        await Expect(page.Locator("#erreurs")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page, "times");

        // A first try without a time nor a contact: French errors on the fields.
        await page.GetByLabel("Votre nom").FillAsync("Jeanne M.");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Confirmer le rendez-vous" }));
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Le formulaire contient");
        await Expect(page.GetByLabel("Téléphone")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#erreurs li")).ToHaveCountAsync(2); // the time, and a phone or an e-mail
        await AssertAccessibleAsync(page, "errors");

        var time = page.Locator(".booking-time label").Nth(2);
        var chosen = (await time.TextContentAsync())!.Trim();
        await time.ClickAsync();
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Confirmer le rendez-vous" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Rendez-vous confirmé");
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Un e-mail de confirmation vous a été envoyé");
        await Expect(page.Locator(".booking-summary")).ToContainTextAsync($"à {chosen}");
        await AssertAccessibleAsync(page, "confirmed");

        var mail = await TestMailbox.WaitForAsync(App, email, since);
        Assert.StartsWith("Votre rendez-vous du", mail.Subject);
        Assert.Contains(mail.Attachments, a => a.ContentDisposition?.FileName == "rendez-vous.ics");
        var link = Assert.Single(TestMailbox.Links(mail), l => l.Contains("/rendez-vous/gerer/", StringComparison.Ordinal));

        var device = await OpenPageAsync(Phone);
        await VisitAsync(device, link);
        await Expect(device.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Votre rendez-vous");
        await ClickAndWaitForNewDocumentAsync(device, device.GetByRole(AriaRole.Link, new() { Name = "Annuler le rendez-vous" }));
        await Expect(device.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Annuler le rendez-vous ?");
        await AssertAccessibleAsync(device, "confirm cancel");
        await ClickAndWaitForNewDocumentAsync(device, device.GetByRole(AriaRole.Button, new() { Name = "Oui, annuler le rendez-vous" }));
        await Expect(device.GetByRole(AriaRole.Status).First).ToContainTextAsync("Votre rendez-vous est annulé.");
        await Expect(device.Locator(".booking-summary")).ToContainTextAsync("Annulé par vous");
        await AssertAccessibleAsync(device, "cancelled");

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var saved = await db.Appointments.AsNoTracking().SingleAsync(a => a.ContactEmail == email);
        Assert.Equal((AppointmentStatus.Cancelled, CancelledBy.Person), (saved.Status, saved.CancelledBy));
    });

    [Fact]
    public Task A_tampered_management_link_shows_a_clear_french_page() => RunAsync(nameof(A_tampered_management_link_shows_a_clear_french_page), Phone, async page =>
    {
        var response = await VisitAsync(page, "/rendez-vous/gerer/rdv_pas-un-vrai-lien");
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Ce lien ne correspond à aucun rendez-vous");
    });

    [Fact]
    public Task A_person_moves_the_appointment_through_the_link_on_a_phone() => RunAsync(nameof(A_person_moves_the_appointment_through_the_link_on_a_phone), Phone, async page =>
    {
        var (placeId, _, motif) = await CreateBookablePlaceAsync();
        var email = UniqueEmail("karim");
        string token;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var motifId = await db.AppointmentMotifs.Where(m => m.Name == motif).Select(m => m.Id).SingleAsync();
            var found = await db.AppointmentMotifs.AsNoTracking().SingleAsync(m => m.Id == motifId);
            var slot = (await AgendaSlots.ForPlaceAsync(db, placeId, found, DateTimeOffset.UtcNow)).First(s => s.Start > DateTimeOffset.UtcNow.AddDays(2));
            var outcome = await scope.ServiceProvider.GetRequiredService<Maillage.Features.Agenda.Booking.BookingService>()
                .BookAsync(new(placeId, motifId, slot.Start, null, new ContactInput("Karim B.", null, email), null), null);
            Assert.True(outcome.Succeeded);
            token = outcome.ManagementToken!;
        }

        await VisitAsync(page, $"/rendez-vous/gerer/{token}");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Déplacer le rendez-vous" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Déplacer le rendez-vous");
        await AssertAccessibleAsync(page, "days");
        await ClickAndWaitForNewDocumentAsync(page, page.Locator(".booking-days a").Nth(3));
        await AssertAccessibleAsync(page, "times");

        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Déplacer à cette heure" }));
        await Expect(page.Locator("#erreurs")).ToContainTextAsync("Choisissez un horaire");
        await AssertAccessibleAsync(page, "error");

        var time = page.Locator(".booking-time label").Nth(4);
        var chosen = (await time.TextContentAsync())!.Trim();
        await time.ClickAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Déplacer à cette heure" }));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Votre rendez-vous est déplacé.");
        await Expect(page.Locator(".booking-summary")).ToContainTextAsync($"à {chosen}");
        await AssertAccessibleAsync(page, "moved");

        var mail = await TestMailbox.WaitForAsync(App, email);
        Assert.StartsWith("Rendez-vous déplacé", mail.Subject);
    });
}
