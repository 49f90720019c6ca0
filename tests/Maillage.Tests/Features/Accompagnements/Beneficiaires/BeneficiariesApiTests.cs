using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Accompagnements;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Maillage.Tests.Features.Accompagnements.Beneficiaires.BeneficiaryTestKit;

namespace Maillage.Tests.Features.Accompagnements.Beneficiaires;

/// <summary>/api/v1/beneficiaires with a bearer token and with the advisor's session: consent, rules, scope, audit, paging.</summary>
[Trait("Category", "Database")]
public sealed class BeneficiariesApiTests(BeneficiariesFactory factory) : IClassFixture<BeneficiariesFactory>
{
    private static object Body(string first = "Zoé", string last = "Faure", bool? consent = true, string? commune = MaillageFactory.SaintEtienne, int? organizationId = null) => new
    {
        organizationId,
        firstName = first,
        lastName = last,
        phone = "06 12 34 56 78",
        email = "zoe@exemple.fr",
        birthYear = 1958,
        communeCode = commune,
        gender = "Female",
        status = "Retired",
        notes = "Messagerie",
        consentement = consent,
    };

    [Fact]
    public async Task APostWithConsentCreatesTheFileWithThePurposeTheServerShows()
    {
        var org = await factory.CreateOrganizationAsync("Maison des habitants du Crêt");
        var client = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Conseiller, organizationId: org.Id));

        var purpose = await client.GetFromJsonAsync<JsonElement>("/api/v1/beneficiaires/finalite");
        var text = purpose.GetProperty("purpose").GetString()!;
        Assert.StartsWith("Maison des habitants du Crêt conserve", text);
        Assert.Equal(24, purpose.GetProperty("retentionMonths").GetInt32());

        var response = await client.PostAsJsonAsync("/api/v1/beneficiaires", Body());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/beneficiaires/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(text, created.GetProperty("consentPurpose").GetString());
        Assert.Equal("From60To69", created.GetProperty("ageBand").GetString());
        Assert.Equal("Saint-Étienne", created.GetProperty("communeName").GetString());

        var file = await factory.WithDbAsync(db => db.Beneficiaries.SingleAsync(b => b.Id == id));
        Assert.Equal(text, file.ConsentPurpose);
        Assert.StartsWith("api:", file.ConsentById, StringComparison.Ordinal);
        Assert.Equal(file.ConsentById, file.CreatedById);
        Assert.Equal("zoe faure", file.SearchName);
        Assert.Equal(1, await ReadAuditCountAsync(factory, id, AuditActions.BeneficiaryCreated));
    }

    [Fact]
    public async Task WithoutConsentThePostIsAClear400AndNothingIsSaved()
    {
        var org = await factory.CreateOrganizationAsync();
        var client = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Conseiller, organizationId: org.Id));

        foreach (var consent in new bool?[] { null, false })
        {
            var response = await client.PostAsJsonAsync("/api/v1/beneficiaires", Body(consent: consent, commune: "Atlantide"));
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal("Données invalides", ProblemAssert.FrenchTitle(problem));
            Assert.Equal([BeneficiaryRulesMessage], ProblemAssert.FieldErrors(problem, "consentement"));
            Assert.StartsWith("Commune « Atlantide » introuvable", ProblemAssert.FieldErrors(problem, "communeCode")[0]);
        }

        Assert.False(await factory.WithDbAsync(db => db.Beneficiaries.AnyAsync(b => b.OrganizationId == org.Id)));
    }

    private const string BeneficiaryRulesMessage = Maillage.Features.Accompagnements.Beneficiaires.BeneficiaryRules.ConsentMessage;

    [Fact]
    public async Task EveryRuleIsAFieldOfTheValidationProblemInCamelCase()
    {
        var org = await factory.CreateOrganizationAsync();
        var client = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Conseiller, organizationId: org.Id));
        var response = await client.PostAsJsonAsync("/api/v1/beneficiaires", new { firstName = "", phone = "123", email = "x@", birthYear = 1800, notes = new string('n', 2001), consentement = true });
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["Indiquez le prénom de la personne."], ProblemAssert.FieldErrors(problem, "firstName"));
        Assert.Equal(["Indiquez le nom de famille de la personne."], ProblemAssert.FieldErrors(problem, "lastName"));
        Assert.Contains("numéro français", ProblemAssert.FieldErrors(problem, "phone")[0]);
        Assert.Contains("e-mail", ProblemAssert.FieldErrors(problem, "email")[0]);
        Assert.Contains("entre 1900 et", ProblemAssert.FieldErrors(problem, "birthYear")[0]);
        Assert.Contains("2000 caractères", ProblemAssert.FieldErrors(problem, "notes")[0]);
    }

    [Fact]
    public async Task AnotherOrganizationsAdvisorATerritoryCoordinatorAndAReaderGet404Everywhere()
    {
        var org = await factory.CreateOrganizationAsync();
        var other = await factory.CreateOrganizationAsync();
        var author = await SignInAsync(factory, Role.Conseiller, org.Id);
        var file = await CreateFileAsync(factory, org.Id, author.UserId);

        var strangers = new List<HttpClient>
        {
            (await SignInAsync(factory, Role.Conseiller, other.Id)).Client,
            (await SignInAsync(factory, Role.Coordinateur, territoryCode: MaillageFactory.SaintEtienne)).Client,
            factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Conseiller, organizationId: other.Id)),
            factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Coordinateur, territoryCode: MaillageFactory.SaintEtienne)),
            factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Lecteur, territoryCode: MaillageFactory.SaintEtienne)),
            factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Administrateur)),
        };
        foreach (var client in strangers)
        {
            await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/beneficiaires/{file.Id}"), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/beneficiaires/{file.Id}/export"), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblemAsync(await client.PutAsJsonAsync($"/api/v1/beneficiaires/{file.Id}", new { firstName = "X", lastName = "Y", version = 0 }), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/api/v1/beneficiaires/{file.Id}"), HttpStatusCode.NotFound);
            var list = await client.GetAsync("/api/v1/beneficiaires?q=dupont");
            if (list.StatusCode == HttpStatusCode.OK)
            {
                // The other organization's advisor has files of their own, never this one.
                var page = await list.Content.ReadFromJsonAsync<JsonElement>();
                Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == file.Id);
            }
            else
            {
                await ProblemAssert.IsProblemAsync(list, HttpStatusCode.NotFound);
            }
        }

        var stored = await factory.WithDbAsync(db => db.Beneficiaries.SingleAsync(b => b.Id == file.Id));
        Assert.Equal("Marie", stored.FirstName);
        Assert.Null(stored.AnonymisedAt);
        Assert.Equal(0, await ReadAuditCountAsync(factory, file.Id));
        await ProblemAssert.IsProblemAsync(await factory.CreateApiClient(null).GetAsync($"/api/v1/beneficiaires/{file.Id}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AReadByAnotherAdvisorOfTheOrganizationIsAuditedAndTheAuthorsOwnIsNot()
    {
        var org = await factory.CreateOrganizationAsync();
        var author = await SignInAsync(factory, Role.Conseiller, org.Id);
        var colleague = await SignInAsync(factory, Role.Conseiller, org.Id);
        var structure = await SignInAsync(factory, Role.Structure, org.Id);
        var file = await CreateFileAsync(factory, org.Id, author.UserId);

        Assert.Equal(HttpStatusCode.OK, (await author.Client.GetAsync($"/api/v1/beneficiaires/{file.Id}")).StatusCode);
        Assert.Equal(0, await ReadAuditCountAsync(factory, file.Id));

        var read = await colleague.Client.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaires/{file.Id}");
        Assert.Equal("Dupont", read.GetProperty("lastName").GetString());
        Assert.Equal(HttpStatusCode.OK, (await structure.Client.GetAsync($"/api/v1/beneficiaires/{file.Id}")).StatusCode);
        var entries = await factory.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.BeneficiaryRead && e.TargetId == file.Id.ToString()).ToListAsync());
        Assert.Equal([colleague.UserId, structure.UserId], entries.OrderBy(e => e.Id).Select(e => e.ActorId));
        Assert.All(entries, e => Assert.DoesNotContain("Dupont", e.Details!));
        Assert.All(entries, e => Assert.DoesNotContain("Marie", e.Details!));
    }

    [Fact]
    public async Task TheSearchIgnoresAccentsCaseAndWordOrderAndPagesByKeyset()
    {
        var org = await factory.CreateOrganizationAsync();
        var author = await SignInAsync(factory, Role.Conseiller, org.Id);
        var hele = await CreateFileAsync(factory, org.Id, author.UserId, "Hélène", "Lefèvre-Gaël");
        await CreateFileAsync(factory, org.Id, author.UserId, "Paul", "Martin");
        var erased = await CreateFileAsync(factory, org.Id, author.UserId, "Hélène", "Lefèvre");
        await factory.WithDbAsync(db => db.Beneficiaries.Where(b => b.Id == erased.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.AnonymisedAt, DateTimeOffset.UtcNow)));

        foreach (var q in new[] { "helene", "LEFEVRE", "gael helene", "Lefèvre Gaël" })
        {
            var page = await author.Client.GetFromJsonAsync<JsonElement>($"/api/v1/beneficiaires?q={Uri.EscapeDataString(q)}");
            Assert.Equal([hele.Id], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        }

        for (var i = 0; i < 3; i++)
        {
            await CreateFileAsync(factory, org.Id, author.UserId, $"Personne{i}", "Clavier");
        }

        var seen = new List<long>();
        string? next = "/api/v1/beneficiaires?q=clavier&limit=2";
        while (next is not null)
        {
            var page = await author.Client.GetFromJsonAsync<JsonElement>(next);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        }

        Assert.Equal(3, seen.Count);
        Assert.Equal(seen.Order(), seen);
        var problem = await ProblemAssert.IsProblemAsync(await author.Client.GetAsync("/api/v1/beneficiaires?limit=500"), HttpStatusCode.BadRequest);
        Assert.Contains("entre 1 et 200", ProblemAssert.FieldErrors(problem, "limit")[0]);
    }

    [Fact]
    public async Task APutNeedsTheVersionReadAndIsAudited()
    {
        var org = await factory.CreateOrganizationAsync();
        var author = await SignInAsync(factory, Role.Conseiller, org.Id);
        var file = await CreateFileAsync(factory, org.Id, author.UserId);
        var url = $"/api/v1/beneficiaires/{file.Id}";

        var missing = await ProblemAssert.IsProblemAsync(await author.Client.PutAsJsonAsync(url, new { firstName = "Marie", lastName = "Durand" }), HttpStatusCode.BadRequest);
        Assert.Equal(["Indiquez la version lue de la fiche (champ version)."], ProblemAssert.FieldErrors(missing, "version"));

        var ok = await author.Client.PutAsJsonAsync(url, new { firstName = "Marie", lastName = "Durand", birthYear = 1960, version = file.Version });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var updated = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Durand", updated.GetProperty("lastName").GetString());
        Assert.Equal(file.Version + 1, updated.GetProperty("version").GetUInt32());

        var stale = await author.Client.PutAsJsonAsync(url, new { firstName = "Marie", lastName = "Autre", version = file.Version });
        Assert.Equal("Conflit de modification", ProblemAssert.FrenchTitle(await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.Conflict)));
        Assert.Equal("marie durand", await factory.WithDbAsync(db => db.Beneficiaries.Where(b => b.Id == file.Id).Select(b => b.SearchName).SingleAsync()));
        Assert.Equal(1, await ReadAuditCountAsync(factory, file.Id, AuditActions.BeneficiaryUpdated));
    }

    [Fact]
    public async Task DeleteErasesTheIdentityKeepsTheStatisticsAndTheFileIsGoneFromTheApi()
    {
        var org = await factory.CreateOrganizationAsync();
        var author = await SignInAsync(factory, Role.Conseiller, org.Id);
        var file = await CreateFileAsync(factory, org.Id, author.UserId);
        var activity = await CreateActivityAsync(factory, org.Id, author.UserId, new DateOnly(2026, 3, 2), file.Id, Autonomy.Guided);

        Assert.Equal(HttpStatusCode.NoContent, (await author.Client.DeleteAsync($"/api/v1/beneficiaires/{file.Id}")).StatusCode);

        var stored = await factory.WithDbAsync(db => db.Beneficiaries.SingleAsync(b => b.Id == file.Id));
        Assert.Null(stored.FirstName);
        Assert.Null(stored.LastName);
        Assert.Null(stored.SearchName);
        Assert.Null(stored.Phone);
        Assert.Null(stored.Email);
        Assert.Null(stored.Notes);
        Assert.NotNull(stored.AnonymisedAt);
        Assert.Equal((1958, MaillageFactory.SaintEtienne, Gender.Female, BeneficiaryStatus.Retired), (stored.BirthYear!.Value, stored.CommuneCode!, stored.Gender, stored.Status));
        Assert.Equal(file.Id, await factory.WithDbAsync(db => db.Activities.Where(a => a.Id == activity.Id).Select(a => a.BeneficiaryId).SingleAsync()));
        Assert.Equal(1, await ReadAuditCountAsync(factory, file.Id, AuditActions.BeneficiaryErased));

        await ProblemAssert.IsProblemAsync(await author.Client.GetAsync($"/api/v1/beneficiaires/{file.Id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await author.Client.DeleteAsync($"/api/v1/beneficiaires/{file.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheExportHoldsTheFileTheConsentAndEveryActivityAndIsAudited()
    {
        var org = await factory.CreateOrganizationAsync();
        var author = await SignInAsync(factory, Role.Conseiller, org.Id);
        var file = await CreateFileAsync(factory, org.Id, author.UserId);
        await CreateActivityAsync(factory, org.Id, author.UserId, new DateOnly(2026, 1, 5), file.Id, Autonomy.Guided);
        await CreateActivityAsync(factory, org.Id, author.UserId, new DateOnly(2026, 2, 5), participants: [file.Id]);
        await CreateActivityAsync(factory, org.Id, author.UserId, new DateOnly(2026, 3, 5), file.Id, deleted: true);

        var response = await author.Client.GetAsync($"/api/v1/beneficiaires/{file.Id}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"beneficiaire-{file.Id}-donnees.json", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        var export = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Marie", export.GetProperty("firstName").GetString());
        Assert.Equal("Finalité de test", export.GetProperty("consent").GetProperty("purpose").GetString());
        Assert.Equal("60-69 ans", export.GetProperty("ageBand").GetString());
        var activities = export.GetProperty("activities").EnumerateArray().ToList();
        Assert.Equal(["Accompagnement individuel", "Atelier collectif"], activities.Select(a => a.GetProperty("type").GetString()));
        Assert.Equal("Avec guidage", activities[0].GetProperty("autonomy").GetString());
        Assert.Equal(["E-mail"], activities[0].GetProperty("themes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Participant·e", activities[1].GetProperty("role").GetString());
        Assert.Equal(1, await ReadAuditCountAsync(factory, file.Id, AuditActions.BeneficiaryExported));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryRoute()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        var expected = new Dictionary<string, string[]>
        {
            ["/api/v1/beneficiaires"] = ["get", "post"],
            ["/api/v1/beneficiaires/finalite"] = ["get"],
            ["/api/v1/beneficiaires/{id}"] = ["get", "put", "delete"],
            ["/api/v1/beneficiaires/{id}/export"] = ["get"],
        };
        foreach (var (path, verbs) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"the document lists {path}");
            foreach (var verb in verbs)
            {
                Assert.False(string.IsNullOrWhiteSpace(item.GetProperty(verb).GetProperty("summary").GetString()), $"{verb} {path} has a summary");
            }
        }

        var input = document.GetProperty("components").GetProperty("schemas").GetProperty("BeneficiaryInput").GetProperty("properties");
        Assert.True(input.TryGetProperty("consentement", out _));
    }
}
