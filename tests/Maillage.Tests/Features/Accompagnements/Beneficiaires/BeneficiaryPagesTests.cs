using System.Net;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Maillage.Tests.Features.Accompagnements.Beneficiaires.BeneficiaryTestKit;

namespace Maillage.Tests.Features.Accompagnements.Beneficiaires;

/// <summary>The /beneficiaires pages driven as a browser does: consent, messages on the fields, scope, audit, search, merge, erase.</summary>
[Trait("Category", "Database")]
public sealed class BeneficiaryPagesTests(BeneficiariesFactory factory) : IClassFixture<BeneficiariesFactory>
{
    private static Dictionary<string, string> Form(bool consent = true) => new()
    {
        ["Input.FirstName"] = "Zoé",
        ["Input.LastName"] = "Faure",
        ["Input.Phone"] = "06 12 34 56 78",
        ["Input.Email"] = "",
        ["Input.BirthYear"] = "1958",
        ["Input.CommuneCode"] = "Saint-Étienne (42218)",
        ["Input.Gender"] = "Female",
        ["Input.Status"] = "Retired",
        ["Input.Notes"] = "",
        ["Input.Consent"] = consent ? "true" : "",
    };

    [Fact]
    public async Task TheFormShowsThePurposeAndCreatesTheFileWithItsConsent()
    {
        var org = await factory.CreateOrganizationAsync("Centre social Beaubrun");
        var advisor = await SignInAsync(factory, Role.Conseiller, org.Id);

        var page = await Forms.GetDocumentAsync(advisor.Client, "/beneficiaires/nouvelle");
        var purpose = page.QuerySelector("#finalite")!.TextContent.Trim();
        Assert.StartsWith("Centre social Beaubrun conserve", purpose);
        Assert.Contains("24 mois", purpose);
        Assert.NotNull(page.QuerySelector("datalist#communes-beneficiaire option[value='Saint-Étienne (42218)']"));

        var response = await Forms.SubmitAsync(advisor.Client, "/beneficiaires/nouvelle", Form(), "form.beneficiary-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var file = await factory.WithDbAsync(db => db.Beneficiaries.SingleAsync(b => b.OrganizationId == org.Id));
        Assert.Equal($"/beneficiaires/{file.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(purpose, file.ConsentPurpose);
        Assert.Equal(advisor.UserId, file.ConsentById);
        Assert.Equal(advisor.UserId, file.CreatedById);
        Assert.Equal("42218", file.CommuneCode);

        var fiche = await Forms.GetDocumentAsync(advisor.Client, $"/beneficiaires/{file.Id}");
        Assert.Equal("Zoé Faure", fiche.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("60-69 ans", fiche.QuerySelector("dl.details")!.TextContent);
        Assert.NotNull(fiche.QuerySelector($"a[href='/activites/nouvelle?beneficiaire={file.Id}']"));
    }

    [Fact]
    public async Task WithoutConsentOrWithBadFieldsEachMessageIsOnItsFieldAndNothingIsSaved()
    {
        var org = await factory.CreateOrganizationAsync();
        var advisor = await SignInAsync(factory, Role.Conseiller, org.Id);
        var form = Form(consent: false);
        form["Input.LastName"] = "";
        form["Input.Phone"] = "123";
        form["Input.BirthYear"] = "mille";
        form["Input.CommuneCode"] = "Atlantide";

        var response = await Forms.SubmitAsync(advisor.Client, "/beneficiaires/nouvelle", form, "form.beneficiary-form");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Forms.Parse(await response.Content.ReadAsStringAsync());
        void Error(string id, string expected)
        {
            Assert.Equal("true", page.QuerySelector($"#{id}")!.GetAttribute("aria-invalid"));
            Assert.Contains(expected, page.QuerySelector($"#{id}-error")!.TextContent);
        }

        Error("Input_Consent", BeneficiaryRules.ConsentMessage);
        Error("Input_LastName", "Indiquez le nom de famille de la personne.");
        Error("Input_Phone", "numéro français à 10 chiffres");
        Error("Input_BirthYear", "L'année de naissance doit être un nombre de quatre chiffres");
        Error("Input_CommuneCode", "Commune « Atlantide » introuvable");
        Assert.Equal("false", page.QuerySelector("#Input_FirstName")!.GetAttribute("aria-invalid"));
        Assert.Equal("Zoé", page.QuerySelector("#Input_FirstName")!.GetAttribute("value"));
        Assert.Contains("5 erreurs", page.QuerySelector("#erreurs h2")!.TextContent);
        Assert.False(await factory.WithDbAsync(db => db.Beneficiaries.AnyAsync(b => b.OrganizationId == org.Id)));

        // Only the consent missing: still nothing saved.
        var consentOnly = await Forms.SubmitAsync(advisor.Client, "/beneficiaires/nouvelle", Form(consent: false), "form.beneficiary-form");
        Assert.Equal(HttpStatusCode.OK, consentOnly.StatusCode);
        Assert.Equal(BeneficiaryRules.ConsentMessage, Forms.Parse(await consentOnly.Content.ReadAsStringAsync()).QuerySelector("#Input_Consent-error")!.TextContent.Trim());
        Assert.False(await factory.WithDbAsync(db => db.Beneficiaries.AnyAsync(b => b.OrganizationId == org.Id)));
    }

    [Fact]
    public async Task AnAdvisorOfTwoOrganizationsChoosesWhichHoldsTheFile()
    {
        var first = await factory.CreateOrganizationAsync("Première structure");
        var second = await factory.CreateOrganizationAsync("Seconde structure");
        var advisor = await SignInAsync(factory, Role.Conseiller, first.Id);
        await factory.WithDbAsync(async db =>
        {
            db.Grants.Add(new Grant { UserId = advisor.UserId, Role = Role.Conseiller, OrganizationId = second.Id, GrantedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });

        var page = await Forms.GetDocumentAsync(advisor.Client, $"/beneficiaires/nouvelle?structure={second.Id}");
        Assert.StartsWith("Seconde structure conserve", page.QuerySelector("#finalite")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(advisor.Client, $"/beneficiaires/nouvelle?structure={second.Id}", Form(), "form.beneficiary-form")).StatusCode);
        var file = await factory.WithDbAsync(db => db.Beneficiaries.SingleAsync(b => b.CreatedById == advisor.UserId));
        Assert.Equal(second.Id, file.OrganizationId);
        Assert.StartsWith("Seconde structure", file.ConsentPurpose);

        // A structure the advisor does not work for, slipped into the form: refused, nothing saved.
        var foreign = await factory.CreateOrganizationAsync();
        var tampered = Form();
        tampered["Input.OrganizationId"] = foreign.Id.ToString();
        var refused = await Forms.SubmitAsync(advisor.Client, "/beneficiaires/nouvelle", tampered, "form.beneficiary-form");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Vous ne tenez pas de fiches pour cette structure", Forms.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector("#erreurs")!.TextContent);
        Assert.False(await factory.WithDbAsync(db => db.Beneficiaries.AnyAsync(b => b.OrganizationId == foreign.Id)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Beneficiaries.CountAsync(b => b.CreatedById == advisor.UserId)));
    }

    [Fact]
    public async Task OutOfScopeEveryPageOfTheFileIsNotFound()
    {
        var org = await factory.CreateOrganizationAsync();
        var other = await factory.CreateOrganizationAsync();
        var author = await SignInAsync(factory, Role.Conseiller, org.Id);
        var file = await CreateFileAsync(factory, org.Id, author.UserId);
        var twin = await CreateFileAsync(factory, org.Id, author.UserId);

        var strangers = new[]
        {
            await SignInAsync(factory, Role.Conseiller, other.Id),
            await SignInAsync(factory, Role.Coordinateur, territoryCode: MaillageFactory.SaintEtienne),
            await SignInAsync(factory, Role.Lecteur, territoryCode: MaillageFactory.SaintEtienne),
            await SignInAsync(factory, Role.Administrateur),
        };
        foreach (var stranger in strangers)
        {
            foreach (var url in new[] { $"/beneficiaires/{file.Id}", $"/beneficiaires/{file.Id}/modifier", $"/beneficiaires/{file.Id}/export", $"/beneficiaires/{file.Id}/export?format=json", $"/beneficiaires/{file.Id}/effacer", $"/beneficiaires/doublons/{file.Id}/{twin.Id}" })
            {
                var response = await stranger.Client.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
                Assert.Contains("Page introuvable", await response.Content.ReadAsStringAsync());
            }
        }

        foreach (var stranger in strangers.Skip(1))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync("/beneficiaires")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync("/beneficiaires/nouvelle")).StatusCode);
        }

        var list = await (await strangers[0].Client.GetAsync("/beneficiaires")).Content.ReadAsStringAsync();
        Assert.DoesNotContain($"/beneficiaires/{file.Id}\"", list);
        Assert.Equal(0, await ReadAuditCountAsync(factory, file.Id));
        Assert.Equal(0, await ReadAuditCountAsync(factory, file.Id, AuditActions.BeneficiaryExported));
    }

    [Fact]
    public async Task ReadsByAColleagueAreAuditedAndTheAuthorsAreNot()
    {
        var org = await factory.CreateOrganizationAsync();
        var author = await SignInAsync(factory, Role.Conseiller, org.Id);
        var colleague = await SignInAsync(factory, Role.Conseiller, org.Id);
        var file = await CreateFileAsync(factory, org.Id, author.UserId);

        Assert.Equal(HttpStatusCode.OK, (await author.Client.GetAsync($"/beneficiaires/{file.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await author.Client.GetAsync($"/beneficiaires/{file.Id}/modifier")).StatusCode);
        Assert.Equal(0, await ReadAuditCountAsync(factory, file.Id));

        Assert.Equal(HttpStatusCode.OK, (await colleague.Client.GetAsync($"/beneficiaires/{file.Id}")).StatusCode);
        var entry = await factory.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.BeneficiaryRead && e.TargetId == file.Id.ToString()));
        Assert.Equal(colleague.UserId, entry.ActorId);
        Assert.Equal($"Consultation de la fiche n° {file.Id}", entry.Details);

        var json = await colleague.Client.GetAsync($"/beneficiaires/{file.Id}/export?format=json");
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"lastName\": \"Dupont\"", await json.Content.ReadAsStringAsync());
        Assert.Equal(1, await ReadAuditCountAsync(factory, file.Id, AuditActions.BeneficiaryExported));
        Assert.Equal(2, await ReadAuditCountAsync(factory, file.Id));

        // The author's own export is journalled as an export, not as a read.
        Assert.Equal(HttpStatusCode.OK, (await author.Client.GetAsync($"/beneficiaires/{file.Id}/export")).StatusCode);
        Assert.Equal(2, await ReadAuditCountAsync(factory, file.Id, AuditActions.BeneficiaryExported));
        Assert.Equal(2, await ReadAuditCountAsync(factory, file.Id));
    }

    [Fact]
    public async Task TheSearchIgnoresAccentsAndCaseAndPages()
    {
        var org = await factory.CreateOrganizationAsync();
        var advisor = await SignInAsync(factory, Role.Conseiller, org.Id);
        var hele = await CreateFileAsync(factory, org.Id, advisor.UserId, "Hélène", "Bérénice-Œuvray");
        var other = await CreateFileAsync(factory, org.Id, advisor.UserId, "Paul", "Martin");

        var page = await Forms.GetDocumentAsync(advisor.Client, "/beneficiaires?q=HELENE%20berenice");
        var links = page.QuerySelectorAll("table a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/beneficiaires/{hele.Id}"], links);

        var none = await Forms.GetDocumentAsync(advisor.Client, "/beneficiaires?q=oeuvrayx");
        Assert.Contains("Aucune fiche ne correspond à « oeuvrayx »", none.QuerySelector(".empty-state")!.TextContent);
        Assert.Equal([$"/beneficiaires/{hele.Id}"], (await Forms.GetDocumentAsync(advisor.Client, "/beneficiaires?q=oeuvray")).QuerySelectorAll("table a").Select(a => a.GetAttribute("href")));

        for (var i = 0; i < 26; i++)
        {
            await CreateFileAsync(factory, org.Id, advisor.UserId, $"Prénom{i:00}", "Zeller");
        }

        var first = await Forms.GetDocumentAsync(advisor.Client, "/beneficiaires?q=zeller");
        Assert.Equal(25, first.QuerySelectorAll("tbody tr").Length);
        Assert.NotNull(first.QuerySelector("nav.pagination a[rel=next]"));
        Assert.Single((await Forms.GetDocumentAsync(advisor.Client, "/beneficiaires?q=zeller&page=2")).QuerySelectorAll("tbody tr"));
        Assert.DoesNotContain($"/beneficiaires/{other.Id}\"", first.DocumentElement.OuterHtml);
    }

    [Fact]
    public async Task TheFileShowsItsHistoryAndTheEvolutionOfAutonomy()
    {
        var org = await factory.CreateOrganizationAsync();
        var advisor = await SignInAsync(factory, Role.Conseiller, org.Id);
        var file = await CreateFileAsync(factory, org.Id, advisor.UserId);
        await CreateActivityAsync(factory, org.Id, advisor.UserId, new DateOnly(2026, 1, 10), file.Id, Autonomy.Guided);
        await CreateActivityAsync(factory, org.Id, advisor.UserId, new DateOnly(2026, 3, 10), file.Id, Autonomy.Autonomous);
        await CreateActivityAsync(factory, org.Id, advisor.UserId, new DateOnly(2026, 2, 10), file.Id, Autonomy.PartlyAutonomous);
        await CreateActivityAsync(factory, org.Id, advisor.UserId, new DateOnly(2026, 2, 20), participants: [file.Id]);
        await CreateActivityAsync(factory, org.Id, advisor.UserId, new DateOnly(2026, 4, 1), file.Id, Autonomy.Guided, deleted: true);

        var page = await Forms.GetDocumentAsync(advisor.Client, $"/beneficiaires/{file.Id}");
        Assert.Contains("4 accompagnements", page.QuerySelector("#accompagnements + .table-wrap caption")!.TextContent);
        var autonomy = page.QuerySelectorAll(".autonomy-table tbody tr").Select(r => r.TextContent.Replace("\n", " ").Trim()).ToList();
        Assert.Equal(3, autonomy.Count);
        Assert.Contains("10/01/2026", autonomy[0]);
        Assert.Contains("Avec guidage", autonomy[0]);
        Assert.Contains("Autonome avec guidage en cas de besoin", autonomy[1]);
        Assert.Contains("10/03/2026", autonomy[2]);
    }

    [Fact]
    public async Task AnEditIsAuditedAndAStaleVersionShowsTheCurrentValues()
    {
        var org = await factory.CreateOrganizationAsync();
        var advisor = await SignInAsync(factory, Role.Conseiller, org.Id);
        var file = await CreateFileAsync(factory, org.Id, advisor.UserId);
        var url = $"/beneficiaires/{file.Id}/modifier";
        var form = await Forms.GetDocumentAsync(advisor.Client, url);
        Assert.Equal("Saint-Étienne (42218)", form.QuerySelector("#Input_CommuneCode")!.GetAttribute("value"));

        var saved = await Forms.SubmitAsync(advisor.Client, url, new Dictionary<string, string> { ["Input.LastName"] = "Dupond", ["Input.Email"] = "" }, "form.beneficiary-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await factory.WithDbAsync(db => db.Beneficiaries.SingleAsync(b => b.Id == file.Id));
        Assert.Equal(("Dupond", "marie dupond", (string?)null), (stored.LastName!, stored.SearchName!, stored.Email));
        Assert.Equal(1, await ReadAuditCountAsync(factory, file.Id, AuditActions.BeneficiaryUpdated));

        var stale = await Forms.SubmitAsync(advisor.Client, url, new Dictionary<string, string> { ["Input.LastName"] = "Autre", ["Input.Version"] = file.Version.ToString() }, "form.beneficiary-form");
        var html = await stale.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("modifiée entre-temps", html);
        Assert.Equal("Dupond", Forms.Parse(html).QuerySelector("#Input_LastName")!.GetAttribute("value"));
        Assert.Equal("Dupond", await factory.WithDbAsync(db => db.Beneficiaries.Where(b => b.Id == file.Id).Select(b => b.LastName).SingleAsync()));
    }

    [Fact]
    public async Task MergingMovesActivitiesAndParticipationsOnceAndErasesTheOtherFile()
    {
        var org = await factory.CreateOrganizationAsync();
        var advisor = await SignInAsync(factory, Role.Conseiller, org.Id);
        var kept = await CreateFileAsync(factory, org.Id, advisor.UserId, "Jean", "Dupont", commune: null, lastActivityOn: new DateOnly(2026, 1, 1));
        var other = await CreateFileAsync(factory, org.Id, advisor.UserId, "Jean", "Dupond", lastActivityOn: new DateOnly(2026, 5, 1));
        await factory.WithDbAsync(db => db.Beneficiaries.Where(b => b.Id == kept.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Phone, (string?)null)));
        var individual = await CreateActivityAsync(factory, org.Id, advisor.UserId, new DateOnly(2026, 5, 1), other.Id, Autonomy.Autonomous);
        var workshopBoth = await CreateActivityAsync(factory, org.Id, advisor.UserId, new DateOnly(2026, 4, 1), participants: [kept.Id, other.Id]);
        var workshopOther = await CreateActivityAsync(factory, org.Id, advisor.UserId, new DateOnly(2026, 3, 1), participants: [other.Id]);

        var list = await Forms.GetDocumentAsync(advisor.Client, "/beneficiaires/doublons");
        var compare = $"/beneficiaires/doublons/{kept.Id}/{other.Id}";
        Assert.NotNull(list.QuerySelector($"a[href='{compare}']"));

        // Choosing, then the confirmation step: nothing is merged before it is confirmed.
        var check = await Forms.SubmitAsync(advisor.Client, compare, new Dictionary<string, string> { ["Keep"] = "a" }, "form.merge-form");
        var confirmation = Forms.Parse(await check.Content.ReadAsStringAsync());
        Assert.Contains("Confirmer la fusion", confirmation.QuerySelector("#confirmation")!.TextContent);
        Assert.Null(await factory.WithDbAsync(db => db.Beneficiaries.Where(b => b.Id == other.Id).Select(b => b.AnonymisedAt).SingleAsync()));

        var token = confirmation.QuerySelector("form[action*=Fusionner] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var merged = await advisor.Client.PostAsync($"{compare}?handler=Fusionner", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Keep"] = "a",
            ["VersionA"] = kept.Version.ToString(),
            ["VersionB"] = other.Version.ToString(),
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal($"/beneficiaires/{kept.Id}", merged.Headers.Location!.OriginalString);

        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(kept.Id, await db.Activities.Where(a => a.Id == individual.Id).Select(a => a.BeneficiaryId).SingleAsync());
            Assert.Equal([kept.Id], await db.ActivityParticipants.Where(p => p.ActivityId == workshopBoth.Id).Select(p => p.BeneficiaryId).ToListAsync());
            Assert.Equal([kept.Id], await db.ActivityParticipants.Where(p => p.ActivityId == workshopOther.Id).Select(p => p.BeneficiaryId).ToListAsync());
            Assert.False(await db.ActivityParticipants.AnyAsync(p => p.BeneficiaryId == other.Id));
            Assert.False(await db.Activities.AnyAsync(a => a.BeneficiaryId == other.Id));

            var survivor = await db.Beneficiaries.SingleAsync(b => b.Id == kept.Id);
            Assert.Equal(("Dupont", MaillageFactory.SaintEtienne, "06 12 34 56 78", new DateOnly(2026, 5, 1)), (survivor.LastName!, survivor.CommuneCode!, survivor.Phone!, survivor.LastActivityOn!.Value));
            var gone = await db.Beneficiaries.SingleAsync(b => b.Id == other.Id);
            Assert.NotNull(gone.AnonymisedAt);
            Assert.Equal((null, null, null, null, null), (gone.FirstName, gone.LastName, gone.SearchName, gone.Phone, gone.Email));
            Assert.Equal($"Fiche fusionnée dans la fiche n° {kept.Id}.", gone.Notes);
            var audit = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.BeneficiariesMerged && e.TargetId == kept.Id.ToString());
            Assert.DoesNotContain("Dupon", audit.Details!);
            return 0;
        });

        Assert.Equal(HttpStatusCode.NotFound, (await advisor.Client.GetAsync($"/beneficiaires/{other.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await advisor.Client.GetAsync(compare)).StatusCode);
        Assert.Contains("3 accompagnements", (await Forms.GetDocumentAsync(advisor.Client, $"/beneficiaires/{kept.Id}")).QuerySelector("#accompagnements + .table-wrap caption")!.TextContent);
    }

    [Fact]
    public async Task ErasingAsksForConfirmationThenKeepsOnlyTheStatistics()
    {
        var org = await factory.CreateOrganizationAsync();
        var advisor = await SignInAsync(factory, Role.Conseiller, org.Id);
        var file = await CreateFileAsync(factory, org.Id, advisor.UserId, "Hélène", "Erasmus", birthYear: 1990, gender: Gender.Female, status: BeneficiaryStatus.Employed);
        var activity = await CreateActivityAsync(factory, org.Id, advisor.UserId, new DateOnly(2026, 2, 2), file.Id, Autonomy.Guided);

        var confirm = await Forms.GetDocumentAsync(advisor.Client, $"/beneficiaires/{file.Id}/effacer");
        Assert.Contains("définitif", confirm.QuerySelector(".alert-warning")!.TextContent);
        Assert.Null(await factory.WithDbAsync(db => db.Beneficiaries.Where(b => b.Id == file.Id).Select(b => b.AnonymisedAt).SingleAsync()));

        var erased = await Forms.SubmitAsync(advisor.Client, $"/beneficiaires/{file.Id}/effacer", new Dictionary<string, string>(), "form.erase-form");
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        var stored = await factory.WithDbAsync(db => db.Beneficiaries.SingleAsync(b => b.Id == file.Id));
        Assert.Equal((null, null, null, null, null, null), (stored.FirstName, stored.LastName, stored.SearchName, stored.Phone, stored.Email, stored.Notes));
        Assert.Equal((1990, "42218", Gender.Female, BeneficiaryStatus.Employed), (stored.BirthYear!.Value, stored.CommuneCode!, stored.Gender, stored.Status));
        Assert.Equal(AgeBand.From25To39, Beneficiary.AgeBandOf(stored.BirthYear, new DateOnly(2026, 6, 1)));
        Assert.Equal(file.Id, await factory.WithDbAsync(db => db.Activities.Where(a => a.Id == activity.Id && a.DeletedAt == null).Select(a => a.BeneficiaryId).SingleAsync()));
        Assert.Equal(1, await ReadAuditCountAsync(factory, file.Id, AuditActions.BeneficiaryErased));

        Assert.Equal(HttpStatusCode.NotFound, (await advisor.Client.GetAsync($"/beneficiaires/{file.Id}")).StatusCode);
        Assert.Contains("Aucune fiche ne correspond", (await Forms.GetDocumentAsync(advisor.Client, "/beneficiaires?q=erasmus")).QuerySelector(".empty-state")!.TextContent);
    }
}
