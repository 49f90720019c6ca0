using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>
/// Recording activities on a phone-sized screen (375 px) as the demo advisor: the typical individual record in at most five
/// interactions (counted in the page), a workshop with 8 anonymous participants, help with an administrative procedure,
/// French errors on the fields, keyboard-only entry, then edit, duplicate and delete; axe-core on every page.
/// </summary>
public sealed class ActivityRecordingTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    private const int Phone = 375;
    private const string Advisor = "conseiller@demo.maillage.fr";

    // Counts the person's own taps and key presses (trusted events only), kept across the form's submission.
    private const string CountInteractions = """
        (() => {
          const bump = e => { if (e.isTrusted) sessionStorage.setItem('interactions', String(Number(sessionStorage.getItem('interactions') || '0') + 1)); };
          document.addEventListener('pointerdown', bump, true);
          document.addEventListener('keydown', bump, true);
        })();
        """;

    private async Task<List<Activity>> RecordsOfAsync(string email)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await db.Activities.AsNoTracking().Include(a => a.AnonymousCounts).Where(a => a.AdvisorId == id && a.DeletedAt == null).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public Task A_typical_individual_record_takes_at_most_five_interactions_with_the_previous_records_defaults() => RunAsync(nameof(A_typical_individual_record_takes_at_most_five_interactions_with_the_previous_records_defaults), Phone, async page =>
    {
        await SignInAsync(page, Advisor);
        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Nouvelle activité" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Nouvelle activité");
        await AssertAccessibleAsync(page);

        // A first record sets the defaults: 45 min, a tablet, the Terrenoire place. The form opens with the defaults of this
        // advisor's last record, which another test of the class may have left (a remote one, a workshop): set them all.
        await page.GetByRole(AriaRole.Radio, new() { Name = "Accompagnement individuel" }).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "45 min" }).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Lieu d'activité" }).CheckAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Lieu d'activité" }).SelectOptionAsync(new SelectOptionValue { Label = "EPN Terrenoire — Saint-Étienne" });
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Tablette" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Santé" }).CheckAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et en saisir un autre" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Activité enregistrée");
        await AssertAccessibleAsync(page, "after save and another");
        var setup = await RecordsOfAsync(Advisor);
        var before = setup.Count;
        var previous = setup[^1];
        Assert.True(previous.Equipment.HasFlag(ActivityEquipment.Tablet));

        // The next record opens with those defaults; one theme and « Enregistrer » are all it takes.
        await page.Context.AddInitScriptAsync(CountInteractions);
        await page.ReloadAsync();
        await page.EvaluateAsync("sessionStorage.setItem('interactions', '0')");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "45 min" })).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Tablette" })).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Lieu d'activité" }).Locator("option:checked")).ToHaveTextAsync("EPN Terrenoire — Saint-Étienne");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Accompagnement individuel" })).ToBeCheckedAsync();

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "E-mail" }).ClickAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Activité enregistrée : accompagnement individuel");
        var interactions = int.Parse(await page.EvaluateAsync<string>("sessionStorage.getItem('interactions')"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(interactions, 1, 5);
        await AssertAccessibleAsync(page, "details");
        await Screenshots.SaveAsync(page, "activite-individuelle-telephone");

        var records = await RecordsOfAsync(Advisor);
        Assert.Equal(before + 1, records.Count);
        var saved = records[^1];
        Assert.Equal(ActivityType.Individual, saved.Type);
        Assert.Equal(45, saved.DurationMinutes);
        Assert.Equal(previous.Equipment, saved.Equipment);
        Assert.Equal(previous.PlaceId, saved.PlaceId);
        Assert.Equal(ActivityTheme.Email, saved.Themes);
        Assert.Null(saved.BeneficiaryId);
        Assert.Equal(1, saved.ParticipantCount);
    });

    [Fact]
    public Task A_workshop_with_eight_anonymous_participants_and_its_breakdown() => RunAsync(nameof(A_workshop_with_eight_anonymous_participants_and_its_breakdown), Phone, async page =>
    {
        await SignInAsync(page, Advisor);
        await VisitAsync(page, App.Url("/activites/nouvelle"));
        await page.GetByRole(AriaRole.Radio, new() { Name = "Atelier collectif" }).CheckAsync();
        await Expect(page.GetByLabel("Nom de l'atelier (atelier collectif)")).ToBeVisibleAsync();
        await Expect(page.GetByText("Bénéficiaire anonyme (facultatif)")).ToBeHiddenAsync();
        await page.GetByLabel("Nom de l'atelier (atelier collectif)").FillAsync("Protéger ses données personnelles");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Débutant" }).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "2 h" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Prévention en sécurité numérique" }).CheckAsync();

        // No participant: the workshop is refused with the reason on its field, and nothing is saved.
        var before = (await RecordsOfAsync(Advisor)).Count;
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Un atelier compte au moins un participant");
        await Expect(page.GetByLabel("Nombre de participants sans fiche")).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertAccessibleAsync(page, "workshop without participant");
        Assert.Equal(before, (await RecordsOfAsync(Advisor)).Count);

        await page.GetByLabel("Nombre de participants sans fiche").FillAsync("8");
        await page.GetByText("Répartition des participants sans fiche (facultatif)").ClickAsync();
        await page.GetByLabel("60-69 ans").FillAsync("5");
        await page.GetByLabel("70 ans et plus").FillAsync("3");
        await page.GetByLabel("Dont déjà accompagnés auparavant").FillAsync("2");
        await AssertAccessibleAsync(page, "workshop breakdown");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Atelier collectif du");
        await Expect(page.GetByText("8 au total")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Répartition des participants sans fiche" })).ToContainTextAsync("60-69 ans5");
        await AssertAccessibleAsync(page, "workshop details");
        await Screenshots.SaveAsync(page, "atelier-8-participants");

        var saved = (await RecordsOfAsync(Advisor))[^1];
        Assert.Equal(ActivityType.Collective, saved.Type);
        Assert.Equal(8, saved.ParticipantCount);
        Assert.Equal(120, saved.DurationMinutes);
        Assert.Equal(5, saved.AnonymousCounts.Single(c => c.Dimension == ParticipantDimension.AgeBand && c.Value == (int)AgeBand.From60To69).Count);
        Assert.Equal(2, saved.AnonymousCounts.Single(c => c.Dimension == ParticipantDimension.AlreadyAccompanied).Count);
    });

    [Fact]
    public Task Help_with_an_online_procedure_then_edit_duplicate_and_delete() => RunAsync(nameof(Help_with_an_online_procedure_then_edit_duplicate_and_delete), Phone, async page =>
    {
        await SignInAsync(page, Advisor);
        await VisitAsync(page, App.Url("/activites/nouvelle"));

        // The démarche section appears with its theme only.
        var procedures = page.GetByRole(AriaRole.Group, new() { Name = "Démarches administratives" });
        await Expect(procedures).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Aide aux démarches administratives" }).CheckAsync();
        await Expect(procedures).ToBeVisibleAsync();
        await procedures.GetByRole(AriaRole.Checkbox, new() { Name = "Logement" }).CheckAsync();
        await page.GetByLabel("Nom de la démarche (facultatif)").FillAsync("Demande d'aide au logement (CAF)");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Avec guidage", Exact = true }).CheckAsync();

        // A date in the future is refused on the date field.
        await page.GetByLabel("Date", new() { Exact = true }).FillAsync(DateTime.Today.AddDays(2).ToString("yyyy-MM-dd"));
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }));
        await Expect(page.Locator("#Form_Date-error")).ToHaveTextAsync("La date ne peut pas être dans le futur.");
        await AssertAccessibleAsync(page, "future date");
        await page.GetByLabel("Date", new() { Exact = true }).FillAsync(DateTime.Today.ToString("yyyy-MM-dd"));
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }));
        await Expect(page.GetByText("Logement — Demande d'aide au logement (CAF)")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "procedure details");
        var id = (await RecordsOfAsync(Advisor))[^1].Id;

        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Modifier" }));
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "1 h", Exact = true }).CheckAsync();
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Activité modifiée.");
        await Expect(page.Locator("dl.details")).ToContainTextAsync("1 h");

        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Dupliquer" }));
        await AssertAccessibleAsync(page, "duplicate");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Aide aux démarches administratives" })).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Nom de la démarche (facultatif)")).ToHaveValueAsync("Demande d'aide au logement (CAF)");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }));
        var copy = (await RecordsOfAsync(Advisor))[^1];
        Assert.NotEqual(id, copy.Id);
        Assert.Equal(ProcedureFamily.Housing, copy.ProcedureFamilies);
        Assert.Equal(60, copy.DurationMinutes);

        await page.GetByRole(AriaRole.Link, new() { Name = "Supprimer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Supprimer l'activité ?");
        await AssertAccessibleAsync(page);
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Supprimer l'activité" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("L'activité a été supprimée.");
        await AssertAccessibleAsync(page, "list after delete");
        Assert.DoesNotContain(copy.Id, (await RecordsOfAsync(Advisor)).Select(a => a.Id));
        Assert.Equal(404, (await page.GotoAsync(App.Url($"/activites/{copy.Id}")))!.Status);
        await AssertAccessibleAsync(page, "deleted record");
    });

    [Fact]
    public Task The_form_works_with_the_keyboard_alone() => RunAsync(nameof(The_form_works_with_the_keyboard_alone), Phone, async page =>
    {
        await SignInAsync(page, Advisor);
        await VisitAsync(page, App.Url("/activites/nouvelle"));
        var before = (await RecordsOfAsync(Advisor)).Count;

        async Task TabTo(string script)
        {
            for (var i = 0; i < 120; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                if (await page.EvaluateAsync<bool>(script))
                {
                    return;
                }
            }

            Assert.Fail("Not reachable with Tab: " + script);
        }

        await TabTo("document.activeElement.matches('input[data-theme=\"Parenting\"]')");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Parentalité" })).ToBeCheckedAsync();
        await TabTo("document.activeElement.matches('button[type=submit]:not([name])')");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Activité enregistrée");
        await AssertAccessibleAsync(page, "saved with the keyboard");
        var records = await RecordsOfAsync(Advisor);
        Assert.Equal(before + 1, records.Count);
        Assert.Equal(ActivityTheme.Parenting, records[^1].Themes);
    });

    [Fact]
    public Task The_list_filters_and_pages_and_the_coordinator_reads_the_advisors_records() => RunAsync(nameof(The_list_filters_and_pages_and_the_coordinator_reads_the_advisors_records), Phone, async page =>
    {
        // 30 quick requests make two pages.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var service = scope.ServiceProvider.GetRequiredService<ActivityService>();
            var userId = await db.Users.Where(u => u.Email == Advisor).Select(u => u.Id).SingleAsync();
            var access = await ActivityAccess.ForAsync(db, await Maillage.Shared.Scoping.ScopeAccessor.ForUserAsync(db, userId));
            for (var i = 0; i < 30; i++)
            {
                var saved = await service.CreateAsync(access, new ActivityInput
                {
                    Type = ActivityType.QuickRequest,
                    Date = new DateOnly(2025, 3, 1).AddDays(i),
                    DurationMinutes = 10,
                    Location = ActivityLocation.Remote,
                    Themes = [ActivityTheme.Creating],
                });
                Assert.True(saved.Succeeded);
            }
        }

        await SignInAsync(page, Advisor);
        await ClickAndWaitForNewDocumentAsync(page, MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Mes activités" }));
        await AssertAccessibleAsync(page);
        await page.GetByText("Filtrer et trier").ClickAsync();
        await page.GetByLabel("Thématique").SelectOptionAsync(new SelectOptionValue { Label = "Créer avec le numérique" });
        await page.GetByLabel("Ordre").SelectOptionAsync(new SelectOptionValue { Label = "Les plus anciennes d'abord" });
        await page.GetByLabel("Du", new() { Exact = true }).FillAsync("2025-03-01");
        await page.GetByLabel("Au", new() { Exact = true }).FillAsync("2025-03-31");
        await ClickAndWaitForNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }));
        await Expect(page.Locator(".activity-list li")).ToHaveCountAsync(25);
        await Expect(page.Locator(".activity-when").First).ToContainTextAsync("01/03/2025");
        await AssertAccessibleAsync(page, "filtered");
        await page.GetByRole(AriaRole.Link, new() { Name = "Activités suivantes" }).ClickAsync();
        await Expect(page.Locator(".activity-list li")).ToHaveCountAsync(5);
        await Expect(page.Locator(".activity-when").Last).ToContainTextAsync("30/03/2025");
        await AssertAccessibleAsync(page, "second page");

        // From > to: a French message on the field, no list.
        await VisitAsync(page, App.Url("/activites?du=2025-04-01&au=2025-03-01"));
        await Expect(page.Locator("#du-error")).ToHaveTextAsync("La date de début doit précéder la date de fin.");

        await SignOutAsync(page);
        await SignInAsync(page, "coordination@demo.maillage.fr");
        await MainMenu(page).GetByRole(AriaRole.Link, new() { Name = "Activités", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Activités");
        await Expect(page.Locator(".activity-who").First).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "coordinator list");
        await Screenshots.SaveAsync(page, "activites-coordination");
    });
}
