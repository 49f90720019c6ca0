using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Maillage.Features.Audit;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Lieux.ImportExport;

/// <summary>import-places and export-places through the real binary in a child process, on a database of their own.</summary>
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

    private sealed record CliResult(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }

    private async Task<CliResult> RunAsync(string[] args)
    {
        var app = AppBinary();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Database__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Smtp__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Database__Provider"] = _database.ProviderName;
        start.Environment["ConnectionStrings__Default"] = _database.ConnectionString;
        start.Environment["Security__SigningKey"] = MaillageFactory.SigningKey;
        start.Environment["Demo__Enabled"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"maillage {string.Join(' ', args)} did not finish within 2 minutes.");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The application's own build output (src/Maillage/bin/&lt;Configuration&gt;/&lt;framework&gt;/Maillage.dll).</summary>
    private static string AppBinary()
    {
        var configuration = typeof(PlaceCliTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Maillage.slnx")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Maillage.slnx not found above " + AppContext.BaseDirectory);
        }

        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var app = Path.Combine(dir.FullName, "src", "Maillage", "bin", configuration, framework, "Maillage.dll");
        return File.Exists(app) ? app : throw new FileNotFoundException("Build the application first (dotnet build Maillage.slnx).", app);
    }
}
