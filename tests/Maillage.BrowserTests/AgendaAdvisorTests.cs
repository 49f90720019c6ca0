using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Comptes;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>
/// The advisor's agenda on a phone (375 px): add a permanence, see it in the week view with an appointment, mark the
/// appointment honoured and turn it into an activity record; axe-core on every page. The advisor, their motif and the
/// appointment are made through the model here, so the test does not depend on the demo's agenda data.
/// </summary>
public sealed class AgendaAdvisorTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const int Phone = 375;
    private const string Password = "Mot-de-passe-agenda-2026";

    private sealed record Setup(string Email, string AdvisorId, long AppointmentId, DateOnly Date);

    private async Task<Setup> SetUpAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();

        // An organization of the demo that has places for its advisors' records.
        var organizationId = await db.Grants.Where(g => g.Role == Role.Conseiller && g.OrganizationId != null).Select(g => g.OrganizationId!.Value).FirstAsync();
        var service = scope.ServiceProvider.GetRequiredService<ActivityService>();
        var placeId = await service.PlacesOf(organizationId).OrderBy(p => p.Name).Select(p => p.Id).FirstAsync();

        var email = UniqueEmail("agenda");
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Inès Morel", CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        db.Grants.Add(new Grant { UserId = user.Id, Role = Role.Conseiller, OrganizationId = organizationId, GrantedAt = DateTimeOffset.UtcNow });
        db.AdvisorProfiles.Add(new AdvisorProfile { UserId = user.Id, OrganizationId = organizationId, PublicName = "Inès M.", CreatedAt = DateTimeOffset.UtcNow });
        var motif = new AppointmentMotif { Name = "Créer son adresse e-mail (test agenda)", DurationMinutes = 45, Theme = ActivityTheme.Email, OrganizationId = organizationId };
        db.AppointmentMotifs.Add(motif);
        await db.SaveChangesAsync();

        var start = DateTimeOffset.UtcNow.AddMinutes(-50);
        var appointment = new Appointment
        {
            PlaceId = placeId,
            AdvisorId = user.Id,
            OrganizationId = organizationId,
            MotifId = motif.Id,
            Start = start,
            End = start.AddMinutes(45),
            ContactName = "Lucien Garnier",
            ContactPhone = "+33612345678",
            ContactKey = "+33612345678",
            ManagementTokenHash = Guid.NewGuid().ToString("N"),
            CreatedAt = DateTimeOffset.UtcNow.AddDays(-3),
            ModifiedAt = DateTimeOffset.UtcNow.AddDays(-3),
        };
        db.Appointments.Add(appointment);
        await db.SaveChangesAsync();
        return new Setup(email, user.Id, appointment.Id, DateOnly.FromDateTime(ParisTime.ToParis(start).DateTime));
    }

    [Fact]
    public Task An_advisor_adds_a_permanence_sees_the_week_and_turns_an_honoured_appointment_into_an_activity_record() => RunAsync(nameof(An_advisor_adds_a_permanence_sees_the_week_and_turns_an_honoured_appointment_into_an_activity_record), Phone, async page =>
    {
        var setup = await SetUpAsync();
        await SignInAsync(page, setup.Email, Password);

        // A permanence on the appointment's weekday, 9 h to 12 h, by appointment.
        await VisitAsync(page, "/agenda/permanences/nouvelle");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Lieu" }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        var dayName = setup.Date.ToString("dddd", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Jour de la semaine" }).SelectOptionAsync(new SelectOptionValue { Label = dayName });
        await page.GetByLabel("Début").FillAsync("09:00");
        await page.GetByLabel("Fin", new() { Exact = true }).FillAsync("12:00");
        // From the appointment's day: 50 minutes ago may still be yesterday in Paris just after midnight.
        await page.GetByLabel("À partir du").FillAsync(setup.Date.ToString("yyyy-MM-dd"));
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Sur rendez-vous (le public réserve un créneau)" })).ToBeCheckedAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la permanence" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Permanence enregistrée : le {dayName} de 9 h à 12 h.");
        await AssertAccessibleAsync(page, "permanences list");

        // The week view shows the permanence and the appointment on that day.
        await VisitAsync(page, $"/agenda?date={setup.Date:yyyy-MM-dd}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mon agenda");
        var day = page.Locator("li.agenda-day").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = setup.Date.ToString("ddd d MMM", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) }) });
        await Expect(day.GetByText("Permanence sur rendez-vous")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "agenda-semaine-telephone");

        await ClickAndWaitForNewDocumentAsync(page, day.GetByRole(AriaRole.Link, new() { Name = "Lucien Garnier : Créer son adresse e-mail (test agenda)" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Rendez-vous de Lucien Garnier");
        await AssertAccessibleAsync(page, "appointment");

        // Honoured, after the confirmation step.
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Marquer honoré" }));
        await AssertAccessibleAsync(page, "confirmation");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Marquer honoré" }));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Rendez-vous marqué honoré");
        await AssertAccessibleAsync(page, "honoured");

        // The person agrees to a named file: created from the appointment (name and contact already there) and linked to it.
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Rattacher une fiche" }));
        await Expect(page.GetByText("Aucune fiche de la structure ne correspond à « Lucien Garnier »")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "file search");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Créer la fiche de Lucien Garnier" }));
        await Expect(page.GetByLabel("Prénom")).ToHaveValueAsync("Lucien");
        await AssertAccessibleAsync(page, "file prefilled from the appointment");
        await page.GetByLabel("La personne a pris connaissance de ce texte et accepte la création de sa fiche").CheckAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Créer la fiche" }));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("et rattachée au rendez-vous");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Lucien Garnier", Exact = true })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "agenda-rendez-vous-fiche-rattachee");

        // « Transformer en compte rendu »: the activity form comes pre-filled; « Enregistrer » is enough.
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Transformer en compte rendu" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Nouvelle activité");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "E-mail", Exact = true })).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "45 min" })).ToBeCheckedAsync();
        await Expect(page.GetByText("Pour : Lucien Garnier (fiche nominative)")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "prefilled activity form");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Activité enregistrée : accompagnement individuel");
        await AssertAccessibleAsync(page, "activity record");

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var appointment = await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == setup.AppointmentId);
        Assert.Equal(AppointmentStatus.Honoured, appointment.Status);
        var activity = await db.Activities.AsNoTracking().SingleAsync(a => a.Id == appointment.ActivityId);
        Assert.Equal((setup.AdvisorId, 45, ActivityTheme.Email, setup.Date), (activity.AdvisorId, activity.DurationMinutes, activity.Themes, activity.Date));
        Assert.Equal(appointment.PlaceId, activity.PlaceId);
        Assert.Single(await db.Permanences.AsNoTracking().Where(p => p.AdvisorId == setup.AdvisorId).ToListAsync());
    });
    [Fact]
    public Task The_advisors_other_agenda_pages_work_on_a_phone_and_pass_axe_core() => RunAsync(nameof(The_advisors_other_agenda_pages_work_on_a_phone_and_pass_axe_core), Phone, async page =>
    {
        var setup = await SetUpAsync();
        await SignInAsync(page, setup.Email, Password);

        await VisitAsync(page, "/agenda/profil");
        await page.GetByLabel("Nom affiché au public").FillAsync("");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le profil" }));
        await Expect(page.Locator("#Form_PublicName-error")).ToContainTextAsync("Indiquez le nom que le public lira");
        await AssertAccessibleAsync(page, "profile with an error");
        await page.GetByLabel("Nom affiché au public").FillAsync("Inès M.");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Arabe" }).CheckAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le profil" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Profil enregistré.");
        await AssertAccessibleAsync(page, "profile saved");

        // Two overlapping permanences: the second is refused on its field.
        foreach (var (start, end) in new[] { ("14:00", "17:00"), ("16:00", "18:00") })
        {
            await VisitAsync(page, "/agenda/permanences/nouvelle");
            await page.GetByRole(AriaRole.Combobox, new() { Name = "Lieu" }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await page.GetByRole(AriaRole.Combobox, new() { Name = "Jour de la semaine" }).SelectOptionAsync(new SelectOptionValue { Label = "vendredi" });
            await page.GetByLabel("Début").FillAsync(start);
            await page.GetByLabel("Fin", new() { Exact = true }).FillAsync(end);
            await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la permanence" }));
            await AssertAccessibleAsync(page, "after saving " + start);
        }

        await Expect(page.Locator("#Form_Start-error")).ToContainTextAsync("Cette plage chevauche une autre permanence : le vendredi de 14 h à 17 h");
        await AssertAccessibleAsync(page, "overlap refused");

        await VisitAsync(page, "/agenda/absences");
        await page.GetByLabel("Motif (facultatif, visible de l'équipe seulement)").FillAsync("Formation");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Absence enregistrée");
        await AssertAccessibleAsync(page, "absence saved");

        await VisitAsync(page, "/agenda/motifs");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Créer son adresse e-mail (test agenda)");
        await VisitAsync(page, $"/agenda?vue=jour&date={setup.Date:yyyy-MM-dd}");
        await VisitAsync(page, $"/agenda/jour?date={setup.Date:yyyy-MM-dd}");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("06 12 34 56 78");

        // The private feed: its address is shown once, and it answers with the appointment.
        await VisitAsync(page, "/agenda/flux");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Créer mon lien d'agenda" }));
        await AssertAccessibleAsync(page, "feed address shown once");
        var url = await page.GetByLabel("Adresse de l'agenda (format iCalendar)").InputValueAsync();
        var feed = await page.APIRequest.GetAsync(url);
        Assert.Equal(200, feed.Status);
        Assert.Contains("Lucien Garnier", await feed.TextAsync());
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Retour à l'agenda" }).Or(page.GetByRole(AriaRole.Link, new() { Name = "Agenda", Exact = true })).First);
        await AssertAccessibleAsync(page, "agenda");
        await VisitAsync(page, "/agenda/flux?revoquer=true");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Révoquer le lien" }));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("révoqué");
        await AssertAccessibleAsync(page, "feed revoked");
        Assert.Equal(404, (await page.APIRequest.GetAsync(url)).Status);
    });

    [Fact]
    public Task A_structure_reads_its_advisors_agendas_and_an_elected_official_only_the_figures() => RunAsync(nameof(A_structure_reads_its_advisors_agendas_and_an_elected_official_only_the_figures), Phone, async page =>
    {
        await SignInAsync(page, "structure@demo.maillage.fr");
        await VisitAsync(page, "/agenda");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).Not.ToHaveTextAsync("Mon agenda");
        await VisitAsync(page, "/agenda/permanences");
        await VisitAsync(page, "/agenda/motifs/nouveau");
        await Expect(page.GetByLabel("Délai minimum (heures)")).ToHaveValueAsync("2");
        await VisitAsync(page, "/agenda/chiffres");

        var reader = await OpenPageAsync(Phone);
        await SignInAsync(reader, "elu@demo.maillage.fr");
        await reader.GotoAsync("/agenda");
        await Expect(reader).ToHaveURLAsync(PathPattern("/agenda/chiffres"));
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Rendez-vous : taux d'absence");
        await AssertAccessibleAsync(reader, "figures only");
    });
}
