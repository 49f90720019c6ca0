using System.Text.Json;
using Maillage.Features.Audit;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

using static Maillage.Tests.Infrastructure.CliRunner;

namespace Maillage.Tests.Features.Lieux.ImportExport;

/// <summary>import-places and export-places through the binary's entry point (in-process), on a database of their own.</summary>
[Trait("Category", "Database")]
public sealed class PlaceCliTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly string _folder = Directory.CreateTempSubdirectory("maillage_lieux_").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ImportPlacesRefusesAFileWithABadLineWithExitCode2AndTheFrenchLineReport()
    {
        var file = Path.Combine(_folder, "lieux.csv");
        await File.WriteAllTextAsync(file, ImportExportHelpers.Csv(3, (i, v) => v["code_postal"] = i == 2 ? "4200" : v["code_postal"]));
        Assert.Equal(0, (await RunAsync(["migrate"])).ExitCode);

        var result = await RunAsync(["import-places", file]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("ligne 5, champ code_postal, valeur « 4200 » : ", result.Output);
        Assert.Contains("Fichier refusé : aucune modification n'a été enregistrée.", result.Output);
        await using var db = _database.CreateContext();
        Assert.False(await db.Places.AnyAsync());
    }

    [Fact]
    public async Task ImportPlacesWithSkipInvalidImportsTheGoodLinesThenExportPlacesWritesThemAsGeoJson()
    {
        var file = Path.Combine(_folder, "lieux.csv");
        var geojson = Path.Combine(_folder, "lieux.geojson");
        await File.WriteAllTextAsync(file, ImportExportHelpers.Csv(3, (i, v) => v["code_postal"] = i == 2 ? "4200" : v["code_postal"]));
        Assert.Equal(0, (await RunAsync(["migrate"])).ExitCode);

        var dryRun = await RunAsync(["import-places", file, "--dry-run", "--skip-invalid", "--source", "reseau"]);
        var import = await RunAsync(["import-places", file, "--skip-invalid", "--source", "reseau"]);
        var export = await RunAsync(["export-places", "--format", "geojson", "--output", geojson]);
        var csv = await RunAsync(["export-places"]);

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains("Simulation (--dry-run), rien n'a été enregistré : 2 créé(s)", dryRun.Output);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("2 créé(s), 0 mis à jour, 0 inchangé(s)", import.Output);
        Assert.True(export.ExitCode == 0, export.ToString());
        using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(geojson)))
        {
            Assert.Equal(2, document.RootElement.GetProperty("features").GetArrayLength());
        }

        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.StartsWith("id,pivot,nom,", csv.Output);
        Assert.Contains("lieu-3", csv.Output);
        await using var db = _database.CreateContext();
        Assert.Equal(["lieu-1", "lieu-3"], await db.Places.Where(p => p.ImportSource == "reseau").OrderBy(p => p.SourceId).Select(p => p.SourceId).ToListAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.PlacesImported));
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.PlacesExported));
    }

    private Task<CliResult> RunAsync(string[] args) => CliRunner.RunAsync(_database, args);
}
