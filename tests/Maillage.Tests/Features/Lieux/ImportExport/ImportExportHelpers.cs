using System.Text;
using Maillage.Features.Lieux.Import;
using Maillage.Tests.Features.Lieux.Standard;
using Maillage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Lieux.ImportExport;

internal static class ImportExportHelpers
{
    /// <summary>Runs the importer in a scope of the running application, as the command line does.</summary>
    public static async Task<PlaceImportReport> ImportAsync(this MaillageFactory factory, byte[] content, string fileName, PlaceImportOptions options)
    {
        PlaceImportReport? report = null;
        await factory.WithScopeAsync(async sp =>
        {
            using var stream = new MemoryStream(content);
            report = await ActivatorUtilities.CreateInstance<PlaceImporter>(sp).ImportAsync(stream, fileName, options, ImportActor.System);
        });
        return report!;
    }

    public static Task<PlaceImportReport> ImportCsvAsync(this MaillageFactory factory, string csv, PlaceImportOptions options) =>
        factory.ImportAsync(Encoding.UTF8.GetBytes(csv), "lieux.csv", options);

    /// <summary>A v1 CSV of sample places; <paramref name="change"/> edits each row (by index) before writing.</summary>
    public static string Csv(int count, Action<int, Dictionary<string, string?>>? change = null, string prefix = "lieu") =>
        SamplePlaces.Csv(Enumerable.Range(1, count).Select(i =>
        {
            var values = SamplePlaces.Values($"{prefix}-{i}");
            values["nom"] = $"Espace numérique n° {i}";
            change?.Invoke(i, values);
            return (IReadOnlyDictionary<string, string?>)values;
        }));

    public static string NewSource() => "essai-" + Guid.NewGuid().ToString("N")[..12];
}
