using System.Diagnostics;
using System.Text;
using Maillage.Data;
using Maillage.Features.Lieux.Export;
using Maillage.Features.Lieux.Import;
using Maillage.Features.Lieux.Standard;
using Maillage.Tests.Features.Lieux.Standard;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Maillage.Tests.Features.Lieux.ImportExport;

/// <summary>The real regional dataset (Hinaura 2023, legacy v0.1 JSON, 687 places, one genuine defect), read in place.</summary>
[Trait("Category", "Database")]
public sealed class RegionalDatasetImportTests(MaillageFactory factory, ITestOutputHelper output) : IClassFixture<MaillageFactory>
{
    private const string FileName = "hinaura-2023-v0.1.json";

    [Fact]
    public async Task TheRegionalDatasetIsRefusedForItsOneDefectiveRecordThenImportedWithSkipInvalidAndItsExportValidates()
    {
        if (LieuxReference.File(FileName, output) is not { } path)
        {
            return;
        }

        var bytes = await File.ReadAllBytesAsync(path);

        var refused = await factory.ImportAsync(bytes, FileName, new PlaceImportOptions());

        Assert.False(refused.Imported);
        Assert.Equal(PlaceFileFormat.JsonLegacy, refused.Format);
        Assert.Equal(687, refused.Read);
        Assert.Equal([248], refused.RejectedLines);
        var defect = Assert.Single(refused.Errors);
        Assert.Equal((248, "courriels", "chambéry@accorderie.fr"), (defect.Line, defect.Field, defect.Value));
        Assert.False(await factory.WithDbAsync(db => db.Places.AnyAsync()));

        var watch = Stopwatch.StartNew();
        var imported = await factory.ImportAsync(bytes, FileName, new PlaceImportOptions { SkipInvalid = true });
        watch.Stop();
        output.WriteLine($"Regional dataset: {imported.Created} created, {imported.RejectedLines.Count} rejected, in {watch.ElapsedMilliseconds} ms.");

        Assert.True(imported.Imported);
        Assert.Equal((686, 0, 0), (imported.Created, imported.Updated, imported.Unchanged));
        Assert.Equal(686, await factory.WithDbAsync(db => db.Places.CountAsync(p => p.ImportSource == "hinaura-2023-v0.1")));
        Assert.Equal(686, await factory.WithDbAsync(db => db.PlaceChanges.CountAsync()));

        // The legacy format has no INSEE code: it is found from the postal code and the commune's name when they designate
        // one commune ("St-Étienne" 42100 and "Saint Etienne" 42000 alike), which links the place to its commune node.
        var withCode = await factory.WithDbAsync(db => db.Places.CountAsync(p => p.InseeCode != null));
        output.WriteLine($"INSEE code found for {withCode} of 686 places.");
        Assert.InRange(withCode, 600, 686);
        var saintEtienne = await factory.WithDbAsync(db => db.Places.Where(p => p.PostalCode.StartsWith("421") || p.PostalCode == "42000")
            .Where(p => p.CommuneName.Contains("tienne")).Select(p => p.InseeCode).ToListAsync());
        Assert.Equal(23, saintEtienne.Count);
        Assert.All(saintEtienne, code => Assert.Equal(MaillageFactory.SaintEtienne, code));

        var again = await factory.ImportAsync(bytes, FileName, new PlaceImportOptions { SkipInvalid = true });
        Assert.Equal((0, 0, 686), (again.Created, again.Updated, again.Unchanged));

        using var csv = new MemoryStream();
        await factory.WithScopeAsync(sp => PlaceExporter.WriteAsync(sp.GetRequiredService<AppDbContext>(), PlaceExportFormat.Csv, csv));
        var exported = csv.ToArray();
        var readBack = PlaceFileReader.Read(new MemoryStream(exported), "lieux.csv");
        Assert.Equal(PlaceFileFormat.CsvV1, readBack.Format);
        Assert.Empty(readBack.Errors);
        Assert.Equal(686, readBack.Records.Count);
        if (LieuxReference.File("schema-v1.0.1.json", output) is { } schemaPath)
        {
            Assert.Empty(SchemaChecker.Check(Encoding.UTF8.GetString(exported), LieuxReference.Schema(schemaPath)));
        }
    }
}
