using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Territoires;
using Maillage.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Territoires;

/// <summary>One database where département 42 has been imported once.</summary>
public sealed class ImportedLoire : IAsyncLifetime
{
    public TestDatabase Database { get; } = TestDatabase.Create();

    public TerritoryImporter.Result FirstImport { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        FirstImport = await Importer(db).ImportAsync(["42"]);
    }

    public static TerritoryImporter Importer(AppDbContext db) =>
        new(db, new AuditLog(db, new HttpContextAccessor(), TimeProvider.System));

    public Task DisposeAsync() => Database.DisposeAsync().AsTask();
}

[Trait("Category", "Database")]
public class TerritoryImporterTests(ImportedLoire loire) : IClassFixture<ImportedLoire>
{
    [Fact]
    public async Task ImportingLoireCreatesTheDepartementItsEpcisAndItsCommunes()
    {
        await using var db = loire.Database.CreateContext();
        var expectedCommunes = CommuneResource.All.Count(n => n.Kind == TerritoryKind.Commune && n.Departement == "42");

        Assert.Equal(expectedCommunes, await db.Territories.CountAsync(t => t.Kind == TerritoryKind.Commune));
        Assert.Equal(await db.Territories.CountAsync(), loire.FirstImport.Created);

        var departement = await db.Territories.SingleAsync(t => t.Kind == TerritoryKind.Departement);
        Assert.Equal(("42", "Loire", "/D42/"), (departement.Code, departement.Name, departement.Path));
        Assert.Null(departement.ParentId);
    }

    [Fact]
    public async Task SaintEtienneHangsUnderSaintEtienneMetropoleWithItsPostalCodes()
    {
        await using var db = loire.Database.CreateContext();

        var metropole = await db.Territories.SingleAsync(t => t.Kind == TerritoryKind.Epci && t.Code == "244200770");
        var city = await db.Territories.SingleAsync(t => t.Kind == TerritoryKind.Commune && t.Code == "42218");

        Assert.Equal("Saint-Étienne Métropole", metropole.Name);
        Assert.Equal("Saint-Étienne", city.Name);
        Assert.Equal(metropole.Id, city.ParentId);
        Assert.Equal("/D42/E244200770/C42218/", city.Path);
        Assert.Equal(["42000", "42100", "42230"], city.PostalCodes!.Split(','));
        Assert.True(city.Population > 100_000);
    }

    [Fact]
    public async Task ImportingTheSameDepartementAgainCreatesNothing()
    {
        await using var db = loire.Database.CreateContext();
        var before = await db.Territories.CountAsync();

        var again = await ImportedLoire.Importer(db).ImportAsync(["42"]);

        Assert.Equal(0, again.Created);
        Assert.Equal(0, again.Updated);
        Assert.Equal(before, await db.Territories.CountAsync());
    }

    [Fact]
    public async Task ImportingAnUnknownDepartementIsRefusedInFrenchAndWritesNothing()
    {
        await using var db = loire.Database.CreateContext();
        var before = await db.Territories.CountAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => ImportedLoire.Importer(db).ImportAsync(["99"]));

        Assert.StartsWith("Département(s) inconnu(s) : 99.", error.Message);
        Assert.Equal(before, await db.Territories.CountAsync());
    }

    [Fact]
    public async Task ImportIsRecordedInTheAuditLog()
    {
        await using var db = loire.Database.CreateContext();

        var entry = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.TerritoriesImported).OrderBy(a => a.Id).FirstAsync();

        Assert.StartsWith("départements 42 :", entry.Details);
        Assert.Equal(AuditLog.SystemActor, entry.ActorId);
    }
}
