using Maillage.Features.Lieux.Export;
using Maillage.Features.Lieux.Import;
using Maillage.Features.Lieux.Standard;
using Maillage.Tests.Features.Lieux.Standard;
using Maillage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Maillage.Tests.Features.Lieux.ImportExport;

/// <summary>The standard's own example (read in place), imported then exported in both v1 formats: every field comes back.</summary>
[Trait("Category", "Database")]
public sealed class ExampleRoundTripTests(MaillageFactory factory, ITestOutputHelper output) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task ImportingTheStandardsExampleCreatesItsPlacesAndExportingThemGivesBackEveryField()
    {
        if (LieuxReference.File("exemple-valide-v1.csv", output) is not { } path)
        {
            return;
        }

        var bytes = await File.ReadAllBytesAsync(path);
        var original = PlaceFileReader.Read(new MemoryStream(bytes), "exemple-valide-v1.csv");

        var report = await factory.ImportAsync(bytes, "exemple-valide-v1.csv", new PlaceImportOptions());
        var again = await factory.ImportAsync(bytes, "exemple-valide-v1.csv", new PlaceImportOptions());

        Assert.True(report.Imported, string.Join("\n", report.Errors));
        Assert.Equal(PlaceFileFormat.CsvV1, report.Format);
        Assert.Equal(original.Records.Count, report.Created);
        Assert.True(report.Created > 0);
        Assert.Equal((0, 0, report.Created), (again.Created, again.Updated, again.Unchanged));

        foreach (var format in new[] { PlaceExportFormat.Csv, PlaceExportFormat.Json })
        {
            var exported = await ExportAsync(format);
            var read = PlaceFileReader.Read(new MemoryStream(exported), PlaceExporter.FileName(format));
            Assert.Empty(read.Errors);
            Assert.Equal(
                original.Records.Select(r => SamplePlaces.Texts(r.Place)),
                read.Records.Select(r => SamplePlaces.Texts(r.Place)));
        }
    }

    private async Task<byte[]> ExportAsync(PlaceExportFormat format)
    {
        using var stream = new MemoryStream();
        await factory.WithScopeAsync(sp => PlaceExporter.WriteAsync(sp.GetRequiredService<Maillage.Data.AppDbContext>(), format, stream));
        return stream.ToArray();
    }
}
