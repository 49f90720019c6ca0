using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Lieux.ImportExport;

/// <summary>import-places prints the probable duplicates it finds against places of another source (binary's entry point in-process, own database).</summary>
[Trait("Category", "Database")]
public sealed class PlaceImportDuplicatesCliTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly string _folder = Directory.CreateTempSubdirectory("maillage_doublons_").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ImportPlacesListsTheProbableDuplicatesOfAnotherSourceAndMergesNothing()
    {
        var city = Path.Combine(_folder, "ville.csv");
        var region = Path.Combine(_folder, "region.csv");
        await File.WriteAllTextAsync(city, ImportExportHelpers.Csv(1, (_, v) => v["nom"] = "Espace numérique du Soleil"));
        await File.WriteAllTextAsync(region, ImportExportHelpers.Csv(1, (_, v) => { v["id"] = "r-1"; v["nom"] = "EPN Soleil"; v["adresse"] = "3, r. de la Paix"; }));
        Assert.Equal(0, (await CliRunner.RunAsync(_database, ["migrate"])).ExitCode);
        var first = await CliRunner.RunAsync(_database, ["import-places", city]);

        var dryRun = await CliRunner.RunAsync(_database, ["import-places", region, "--dry-run"]);
        var import = await CliRunner.RunAsync(_database, ["import-places", region]);

        Assert.Contains("Aucun doublon probable avec les lieux déjà enregistrés.", first.Output);
        foreach (var result in new[] { dryRun, import })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("1 doublon(s) probable(s) avec des lieux déjà enregistrés (rien n'est fusionné automatiquement", result.Output);
            Assert.Matches(@"ligne 2 « EPN Soleil » ≈ lieu n° \d+ « Espace numérique du Soleil » \(source ville, id lieu-1\) : 100 % — même commune, même nom, même adresse, à 0 m\.", result.Output);
        }

        await using var db = _database.CreateContext();
        Assert.Equal(2, await db.Places.CountAsync(p => p.IsPublished && p.MergedIntoId == null));
    }
}
