using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Comptes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>
/// Workshops on a 375 px screen: two people register to a one-seat session (the second lands on the waiting list), the first
/// cancels through the link of her e-mail and the second is promoted and told by e-mail; the advisor ticks the attendance,
/// closes it and finds the collective activity record. axe-core on every page.
/// </summary>
public sealed class AteliersTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const int Phone = 375;
    private const string Advisor = "conseiller@demo.maillage.fr";

    /// <summary>A catalogue entry and a session of the demo advisor's organization, at one of its places.</summary>
    private async Task<(int SessionId, string Title)> SessionAsync(int capacity, double daysAhead)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var advisor = await db.Users.Where(u => u.Email == Advisor).Select(u => u.Id).SingleAsync();
        var org = await db.Grants.Where(g => g.UserId == advisor && g.Role == Role.Conseiller).Select(g => g.OrganizationId!.Value).FirstAsync();
        var placeId = await scope.ServiceProvider.GetRequiredService<ActivityService>().PlacesOf(org).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var title = $"Vérifier les sources d'information {Guid.NewGuid():N}"[..44];
        var type = new WorkshopType { Title = title, Themes = ActivityTheme.Security, Description = "Reconnaître une fausse information et vérifier une source.", DurationMinutes = 90 };
        db.WorkshopTypes.Add(type);
        await db.SaveChangesAsync();
        var start = DateTimeOffset.UtcNow.AddDays(daysAhead);
        start = new DateTimeOffset(start.Year, start.Month, start.Day, 13, 0, 0, TimeSpan.Zero);
        var session = new WorkshopSession
        {
            WorkshopTypeId = type.Id,
            PlaceId = placeId,
            OrganizationId = org,
            Start = start,
            End = start.AddMinutes(90),
            Capacity = capacity,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        session.Advisors.Add(new WorkshopSessionAdvisor { AdvisorId = advisor });
        db.WorkshopSessions.Add(session);
        await db.SaveChangesAsync();
        return (session.Id, title);
    }

    private async Task RegisterAsync(IPage page, string title, string name, string email)
    {
        await VisitAsync(page, "/ateliers?theme=Security");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = title }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Votre nom").FillAsync(name);
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await ClickAndWaitForNewDocumentAsync(page, page.Locator("main form button[type=submit]"));
        await AssertAccessibleAsync(page, "after registration");
    }

    [Fact]
    public Task A_full_session_puts_a_person_on_the_waiting_list_and_a_cancellation_through_the_link_promotes_her() => RunAsync(nameof(A_full_session_puts_a_person_on_the_waiting_list_and_a_cancellation_through_the_link_promotes_her), Phone, async page =>
    {
        var (sessionId, title) = await SessionAsync(capacity: 1, daysAhead: 6);
        var jeanne = UniqueEmail("jeanne");
        var paul = UniqueEmail("paul");

        await RegisterAsync(page, title, "Jeanne M.", jeanne);
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Votre inscription est confirmée");

        var second = await OpenPageAsync(Phone);
        await RegisterAsync(second, title, "Paul D.", paul);
        await Expect(second.GetByRole(AriaRole.Status).First).ToContainTextAsync("La séance est complète : vous êtes inscrit sur la liste d'attente, en position 1.");

        // Jeanne cancels through the link of her confirmation e-mail (.ics attached).
        var confirmation = await TestMailbox.WaitForAsync(App, jeanne);
        Assert.StartsWith("Inscription confirmée", confirmation.Subject);
        Assert.Contains(confirmation.Attachments, a => a.ContentType.MimeType == "text/calendar");
        var link = Assert.Single(TestMailbox.Links(confirmation), l => l.Contains("/ateliers/inscription/", StringComparison.Ordinal));
        var mailbox = await OpenPageAsync(Phone);
        await VisitAsync(mailbox, link);
        await ClickAndWaitForNewDocumentAsync(mailbox, mailbox.GetByRole(AriaRole.Link, new() { Name = "Annuler mon inscription" }));
        await Expect(mailbox.GetByRole(AriaRole.Heading, new() { Name = "Annuler votre inscription ?" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(mailbox, "confirmation step");
        await ClickAndWaitForNewDocumentAsync(mailbox, mailbox.GetByRole(AriaRole.Button, new() { Name = "Oui, annuler mon inscription" }));
        await Expect(mailbox.GetByRole(AriaRole.Status).First).ToContainTextAsync("Votre inscription est annulée");
        await AssertAccessibleAsync(mailbox, "cancelled");

        // Paul is promoted and told.
        var promoted = await WaitForSubjectAsync(paul, "Une place s'est libérée");
        Assert.Contains("vous êtes maintenant inscrit", promoted.TextBody);
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var registrations = await db.Registrations.AsNoTracking().Where(r => r.WorkshopSessionId == sessionId).ToListAsync();
        Assert.Equal(RegistrationStatus.Confirmed, registrations.Single(r => r.ContactEmail == paul).Status);
        Assert.Equal(RegistrationStatus.Cancelled, registrations.Single(r => r.ContactEmail == jeanne).Status);
        Assert.Equal(1, await db.WorkshopSessions.Where(s => s.Id == sessionId).Select(s => s.ConfirmedCount).SingleAsync());
    });

    [Fact]
    public Task The_advisor_ticks_the_attendance_closes_it_and_finds_the_activity_record() => RunAsync(nameof(The_advisor_ticks_the_attendance_closes_it_and_finds_the_activity_record), Phone, async page =>
    {
        var (sessionId, title) = await SessionAsync(capacity: 8, daysAhead: -1);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var name in new[] { "Alice Roux", "Bruno T." })
            {
                db.Registrations.Add(new Registration
                {
                    WorkshopSessionId = sessionId,
                    ContactName = name,
                    ContactEmail = UniqueEmail("p"),
                    ContactKey = Guid.NewGuid().ToString(),
                    ManagementTokenHash = Guid.NewGuid().ToString(),
                    Status = RegistrationStatus.Confirmed,
                    CreatedAt = DateTimeOffset.UtcNow.AddDays(-3),
                });
            }

            await db.SaveChangesAsync();
            await db.WorkshopSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ConfirmedCount, 2));
        }

        await SignInAsync(page, Advisor);
        await VisitAsync(page, "/agenda/ateliers?periode=passees");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = title }));
        await AssertAccessibleAsync(page);

        // Alice agrees to a named file, created from her registration: the record will name her.
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Rattacher la fiche de Alice Roux" }));
        await AssertAccessibleAsync(page, "file chooser");
        await Screenshots.SaveAsync(page, "atelier-inscription-fiche");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Créer la fiche de Alice Roux" }));
        await Expect(page.GetByLabel("Nom (obligatoire)", new() { Exact = true })).ToHaveValueAsync("Roux");
        await AssertAccessibleAsync(page, "file prefilled from the registration");
        await page.GetByLabel("La personne a pris connaissance de ce texte et accepte la création de sa fiche").CheckAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Créer la fiche" }));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("et rattachée à l'inscription");
        await AssertAccessibleAsync(page, "session with a linked file");

        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Feuille d'émargement" }));
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Alice Roux" }).CheckAsync();
        await page.GetByLabel("Personnes venues sans inscription").FillAsync("3");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Clore l'émargement…" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Clore l'émargement ?");
        await AssertAccessibleAsync(page);
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Clore l'émargement et créer le compte rendu" }));
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/activites/\d+$"));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Émargement clos");
        await Expect(page.Locator("main")).ToContainTextAsync(title);
        await AssertAccessibleAsync(page, "activity record");

        await using var check = App.Services.CreateAsyncScope();
        var activity = await check.ServiceProvider.GetRequiredService<AppDbContext>().Activities.AsNoTracking().Include(a => a.Participants)
            .SingleAsync(a => a.WorkshopTitle == title);
        Assert.Equal((ActivityType.Collective, 4, 90), (activity.Type, activity.ParticipantCount, activity.DurationMinutes));
        var alice = await check.ServiceProvider.GetRequiredService<AppDbContext>().Beneficiaries.SingleAsync(b => b.Id == Assert.Single(activity.Participants).BeneficiaryId);
        Assert.Equal(("Alice", "Roux"), (alice.FirstName, alice.LastName));
        Assert.EndsWith($"/activites/{activity.Id}", page.Url);
    });

    [Fact]
    public Task The_advisor_adds_a_catalogue_entry_programs_a_session_and_cancels_it() => RunAsync(nameof(The_advisor_adds_a_catalogue_entry_programs_a_session_and_cancels_it), Phone, async page =>
    {
        var title = $"Faire son CV {Guid.NewGuid():N}"[..24];
        await SignInAsync(page, Advisor);
        await VisitAsync(page, "/agenda/ateliers");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Catalogue des ateliers" }));
        await AssertAccessibleAsync(page);
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Ajouter un atelier" }).First);
        await AssertAccessibleAsync(page);

        // Nothing typed: French errors on the fields.
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Indiquez le titre de l'atelier");
        await Expect(page.GetByLabel("Titre")).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertAccessibleAsync(page, "errors");
        await page.GetByLabel("Titre").FillAsync(title);
        await page.GetByLabel("Description en français simple").FillAsync("Écrire son CV sur un ordinateur et l'envoyer par e-mail.");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Insertion professionnelle" }).CheckAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Atelier ajouté au catalogue");
        await AssertAccessibleAsync(page, "catalogue after add");

        await VisitAsync(page, "/agenda/ateliers/nouvelle");
        await page.GetByLabel("Atelier").SelectOptionAsync(new SelectOptionValue { Label = $"{title} (120 min)" });
        await page.GetByLabel("Lieu").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Date").FillAsync(DateTime.UtcNow.AddDays(9).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Heure de début").FillAsync("14:00");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la séance" }));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Séance programmée");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await AssertAccessibleAsync(page, "session");
        var sessionUrl = page.Url;

        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Annuler la séance" }));
        await AssertAccessibleAsync(page);
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Annuler la séance et prévenir les inscrits" }));
        await Expect(page).ToHaveURLAsync(sessionUrl);
        await Expect(page.GetByText("Cette séance est annulée.")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "cancelled");
    });

    private async Task<MimeKit.MimeMessage> WaitForSubjectAsync(string to, string subject)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var dir = TestMailbox.DirectoryFor(App);
            foreach (var file in Directory.Exists(dir) ? Directory.EnumerateFiles(dir) : [])
            {
                MimeKit.MimeMessage message;
                try
                {
                    message = await MimeKit.MimeMessage.LoadAsync(file);
                }
                catch (Exception e) when (e is IOException or FormatException)
                {
                    continue;
                }

                if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)) && (message.Subject ?? "").StartsWith(subject, StringComparison.Ordinal))
                {
                    return message;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No « {subject} » message to {to}.");
            }

            await Task.Delay(100);
        }
    }
}
