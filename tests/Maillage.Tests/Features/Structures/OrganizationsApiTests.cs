using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Structures;

[Trait("Category", "Database")]
public class OrganizationsApiTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private async Task<HttpClient> AdminAsync()
    {
        await factory.EnsureTerritoriesAsync();
        return factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Administrateur));
    }

    private static object NewInput(string? siret = null, string communeCode = MaillageFactory.SaintEtienne, string? name = null) => new
    {
        name = name ?? $"Association {Guid.NewGuid():N}",
        kind = "Association",
        siret = siret ?? TestData.NewSiret(),
        address = "1 rue de la Paix",
        postalCode = "42000",
        communeCode,
    };

    [Fact]
    public async Task ConseillerOfOrganizationAGets404ForOrganizationB()
    {
        var a = await factory.CreateOrganizationAsync();
        var b = await factory.CreateOrganizationAsync();
        using var client = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Conseiller, organizationId: a.Id));

        using var own = await client.GetAsync($"/api/v1/structures/{a.Id}");
        using var other = await client.GetAsync($"/api/v1/structures/{b.Id}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(other, HttpStatusCode.NotFound);
        Assert.Equal("Ressource introuvable", ProblemAssert.FrenchTitle(problem));
    }

    [Fact]
    public async Task ConseillerOfOrganizationAListsAOnly()
    {
        var a = await factory.CreateOrganizationAsync();
        var b = await factory.CreateOrganizationAsync();
        using var client = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Conseiller, organizationId: a.Id));

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/structures?pageSize=200");
        var ids = page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()).ToList();

        Assert.Equal([a.Id], ids);
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.DoesNotContain(b.Id, ids);
    }

    [Fact]
    public async Task CoordinatorOfACommuneListsItsOrganizationsButNotAnotherCommunes()
    {
        var inside = await factory.CreateOrganizationAsync();
        var outside = await factory.CreateOrganizationAsync(communeCode: MaillageFactory.SaintChamond);
        using var client = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Coordinateur, MaillageFactory.SaintEtienne));

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/structures?pageSize=200");
        var ids = page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()).ToList();

        Assert.Contains(inside.Id, ids);
        Assert.DoesNotContain(outside.Id, ids);
    }

    [Fact]
    public async Task MalformedJsonAnswers400ProblemDetails()
    {
        using var client = await AdminAsync();

        using var response = await client.PostAsync("/api/v1/structures", new StringContent("{\"name\": \"Sans fin", Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("JSON invalide", ProblemAssert.FrenchTitle(problem));
        Assert.False(problem.TryGetProperty("exception", out _));
    }

    [Fact]
    public async Task BodyLargerThanOneMegabyteAnswers413ProblemDetails()
    {
        using var client = await AdminAsync();
        var huge = "{\"name\":\"" + new string('a', 1024 * 1024 + 10) + "\"}";

        using var response = await client.PostAsync("/api/v1/structures", new StringContent(huge, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Requête trop volumineuse", ProblemAssert.FrenchTitle(problem));
    }

    [Fact]
    public async Task InvalidSiretAnswers400ValidationProblemWithAFrenchMessageOnSiret()
    {
        using var client = await AdminAsync();

        using var response = await client.PostAsJsonAsync("/api/v1/structures", NewInput(siret: "73282932000075"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Données invalides", ProblemAssert.FrenchTitle(problem));
        var messages = problem.GetProperty("errors").GetProperty("siret").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Equal(["Ce SIRET n'est pas valide (clé de contrôle incorrecte)."], messages);
    }

    [Fact]
    public async Task MissingRequiredFieldsAnswer400ValidationProblemInFrench()
    {
        using var client = await AdminAsync();

        using var response = await client.PostAsJsonAsync("/api/v1/structures", new { siret = TestData.NewSiret() });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["Le nom est obligatoire."], ProblemAssert.FieldErrors(problem, "name"));
        Assert.Equal(["Indiquez la commune (code INSEE)."], ProblemAssert.FieldErrors(problem, "communeCode"));
    }

    [Fact]
    public async Task CreatingAValidOrganizationAnswers201AndWritesOneAuditEntry()
    {
        using var client = await AdminAsync();
        var siret = TestData.NewSiret();

        using var response = await client.PostAsJsonAsync("/api/v1/structures", NewInput(siret: siret));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/structures/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(siret, created.GetProperty("siret").GetString());
        Assert.Equal("Saint-Étienne", created.GetProperty("communeName").GetString());

        var entries = await factory.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == AuditActions.OrganizationCreated && a.TargetId == id.ToString()).ToListAsync());
        var entry = Assert.Single(entries);
        Assert.Equal("structure", entry.TargetType);
        Assert.False(string.IsNullOrEmpty(entry.ActorName));
    }

    [Fact]
    public async Task CreatingTwoOrganizationsWithTheSameSiretIsRefused()
    {
        using var client = await AdminAsync();
        var siret = TestData.NewSiret();
        using var first = await client.PostAsJsonAsync("/api/v1/structures", NewInput(siret: siret));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await client.PostAsJsonAsync("/api/v1/structures", NewInput(siret: siret));

        var problem = await ProblemAssert.IsProblemAsync(second, HttpStatusCode.BadRequest);
        Assert.Equal("Une structure avec ce SIRET existe déjà.", problem.GetProperty("errors").GetProperty("siret")[0].GetString());
    }

    [Fact]
    public async Task CoordinatorCannotCreateAnOrganizationOutsideItsTerritory()
    {
        using var client = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Coordinateur, MaillageFactory.SaintEtienne));

        using var response = await client.PostAsJsonAsync("/api/v1/structures", new { name = $"Hors périmètre {Guid.NewGuid():N}", kind = "Association", siret = TestData.NewSiret(), communeCode = MaillageFactory.SaintChamond });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Cette commune est hors de votre périmètre : vous ne pouvez pas y rattacher une structure.", problem.GetProperty("errors").GetProperty("communeCode")[0].GetString());
    }

    [Fact]
    public async Task ConseillerTokenCannotCreateAnOrganization()
    {
        var a = await factory.CreateOrganizationAsync();
        using var client = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Conseiller, organizationId: a.Id));

        using var response = await client.PostAsJsonAsync("/api/v1/structures", NewInput());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task UpdatingWithTheVersionReadSucceedsAndBumpsTheVersion()
    {
        using var client = await AdminAsync();
        using var created = await client.PostAsJsonAsync("/api/v1/structures", NewInput());
        var org = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = org.GetProperty("id").GetInt32();
        var version = org.GetProperty("version").GetUInt32();

        using var response = await client.PutAsJsonAsync($"/api/v1/structures/{id}", new
        {
            name = "Nom modifié " + Guid.NewGuid().ToString("N"),
            kind = "Association",
            siret = org.GetProperty("siret").GetString(),
            communeCode = MaillageFactory.SaintEtienne,
            version,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("Nom modifié", updated.GetProperty("name").GetString());
        Assert.NotEqual(version, updated.GetProperty("version").GetUInt32());
    }

    [Fact]
    public async Task UpdatingWithAStaleVersionAnswers409()
    {
        using var client = await AdminAsync();
        using var created = await client.PostAsJsonAsync("/api/v1/structures", NewInput());
        var org = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = org.GetProperty("id").GetInt32();
        var version = org.GetProperty("version").GetUInt32();
        var siret = org.GetProperty("siret").GetString();
        object Edit(string name) => new { name, kind = "Association", siret, communeCode = MaillageFactory.SaintEtienne, version };

        using var first = await client.PutAsJsonAsync($"/api/v1/structures/{id}", Edit("Première modification"));
        using var second = await client.PutAsJsonAsync($"/api/v1/structures/{id}", Edit("Seconde modification, sur une version périmée"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Conflict);
        Assert.Equal("Conflit de modification", ProblemAssert.FrenchTitle(problem));
        var name = await factory.WithDbAsync(db => db.Organizations.Where(o => o.Id == id).Select(o => o.Name).SingleAsync());
        Assert.Equal("Première modification", name);
    }

    [Fact]
    public async Task ConseillerCannotUpdateOrganizationBAndLearnsNothingAboutIt()
    {
        var a = await factory.CreateOrganizationAsync();
        var b = await factory.CreateOrganizationAsync();
        using var client = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Conseiller, organizationId: a.Id));

        using var response = await client.PutAsJsonAsync($"/api/v1/structures/{b.Id}", new { name = "Piratage", kind = "Association", communeCode = MaillageFactory.SaintEtienne, version = b.Version });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(b.Name, await factory.WithDbAsync(db => db.Organizations.Where(o => o.Id == b.Id).Select(o => o.Name).SingleAsync()));
    }
}
