using Maillage.Features.Audit;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Import;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Lieux.ImportExport;

/// <summary>The import rules, each test on a source of its own in the class's database.</summary>
[Trait("Category", "Database")]
public sealed class PlaceImporterTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task ImportingCreatesThePlacesWithAChangeRowEachAndOneAuditEntry()
    {
        var source = ImportExportHelpers.NewSource();

        var report = await factory.ImportCsvAsync(ImportExportHelpers.Csv(3), new PlaceImportOptions { Source = source });

        Assert.True(report.Imported);
        Assert.Equal((3, 3, 0, 0, 0), (report.Read, report.Created, report.Updated, report.Unchanged, report.SkippedOlder));
        var places = await factory.WithDbAsync(db => db.Places.AsNoTracking().Where(p => p.ImportSource == source).OrderBy(p => p.SourceId).ToListAsync());
        Assert.Equal(["lieu-1", "lieu-2", "lieu-3"], places.Select(p => p.SourceId));
        Assert.Equal("Espace numérique n° 2", places[1].Name);
        var ids = places.Select(p => p.Id).ToList();
        var changes = await factory.WithDbAsync(db => db.PlaceChanges.AsNoTracking().Where(c => ids.Contains(c.PlaceId)).ToListAsync());
        Assert.Equal(3, changes.Count);
        Assert.All(changes, c => Assert.Equal(PlaceImporter.ChangeKind, c.Kind));
        var audit = await factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.PlacesImported && a.TargetId == source).ToListAsync());
        Assert.Contains("3 créé(s)", Assert.Single(audit).Details);
    }

    [Fact]
    public async Task ReimportingTheSameFileChangesNothing()
    {
        var source = ImportExportHelpers.NewSource();
        var csv = ImportExportHelpers.Csv(3);
        await factory.ImportCsvAsync(csv, new PlaceImportOptions { Source = source });
        var before = await Snapshot(source);

        var again = await factory.ImportCsvAsync(csv, new PlaceImportOptions { Source = source });

        Assert.True(again.Imported);
        Assert.Equal((0, 0, 3), (again.Created, again.Updated, again.Unchanged));
        Assert.Equal(before, await Snapshot(source));
    }

    [Fact]
    public async Task AnOlderDateMajDoesNotOverwriteAndANewerOneUpdatesWithTheChangedFieldsInTheHistory()
    {
        var source = ImportExportHelpers.NewSource();
        await factory.ImportCsvAsync(ImportExportHelpers.Csv(1), new PlaceImportOptions { Source = source });

        var older = await factory.ImportCsvAsync(ImportExportHelpers.Csv(1, (_, v) => { v["nom"] = "Ancien nom"; v["date_maj"] = "2024-01-01"; }), new PlaceImportOptions { Source = source });
        var nameAfterOlder = await factory.WithDbAsync(db => db.Places.Where(p => p.ImportSource == source).Select(p => p.Name).SingleAsync());
        var newer = await factory.ImportCsvAsync(ImportExportHelpers.Csv(1, (_, v) => { v["nom"] = "Nouveau nom"; v["date_maj"] = "2025-06-01"; }), new PlaceImportOptions { Source = source });

        Assert.Equal((0, 0, 0, 1), (older.Created, older.Updated, older.Unchanged, older.SkippedOlder));
        Assert.Equal("Espace numérique n° 1", nameAfterOlder);
        Assert.Equal((0, 1, 0), (newer.Created, newer.Updated, newer.SkippedOlder));
        var place = await factory.WithDbAsync(db => db.Places.AsNoTracking().SingleAsync(p => p.ImportSource == source));
        Assert.Equal("Nouveau nom", place.Name);
        Assert.Equal(new DateOnly(2025, 6, 1), place.UpdatedOn);
        var update = await factory.WithDbAsync(db => db.PlaceChanges.AsNoTracking().Where(c => c.PlaceId == place.Id).OrderBy(c => c.Id).LastAsync());
        Assert.Contains("nom (« Espace numérique n° 1 » → « Nouveau nom »)", update.Summary);
        Assert.Contains("date_maj", update.Summary);
        Assert.DoesNotContain("adresse", update.Summary);
    }

    [Fact]
    public async Task AFileWithOneBadLineIsRefusedWholeWithItsLineNumberAndNothingIsWritten()
    {
        var source = ImportExportHelpers.NewSource();
        var csv = ImportExportHelpers.Csv(3, (i, v) => v["code_postal"] = i == 2 ? "4200" : v["code_postal"]);
        var auditsBefore = await factory.WithDbAsync(db => db.AuditEntries.CountAsync());

        var report = await factory.ImportCsvAsync(csv, new PlaceImportOptions { Source = source });

        Assert.False(report.Imported);
        // Editor lines: header = 1, each sample place spans 3 lines (multi-line presentation_detail), the second starts on line 5.
        Assert.Equal([5], report.RejectedLines);
        var error = Assert.Single(report.Errors);
        Assert.Equal((5, "code_postal", "4200"), (error.Line, error.Field, error.Value));
        Assert.StartsWith("ligne 5, champ code_postal, valeur « 4200 » : ", PlaceImportText.Line(error, report.Format));
        Assert.Equal((0, 0), (report.Created, report.Updated));
        Assert.False(await factory.WithDbAsync(db => db.Places.AnyAsync(p => p.ImportSource == source)));
        Assert.Equal(auditsBefore, await factory.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task WithSkipInvalidOnlyTheGoodLinesAreImported()
    {
        var source = ImportExportHelpers.NewSource();
        var csv = ImportExportHelpers.Csv(3, (i, v) => v["code_postal"] = i == 2 ? "4200" : v["code_postal"]);

        var report = await factory.ImportCsvAsync(csv, new PlaceImportOptions { Source = source, SkipInvalid = true });

        Assert.True(report.Imported);
        Assert.Equal((3, 2), (report.Read, report.Created));
        Assert.Equal([5], report.RejectedLines);
        var ids = await factory.WithDbAsync(db => db.Places.Where(p => p.ImportSource == source).OrderBy(p => p.SourceId).Select(p => p.SourceId).ToListAsync());
        Assert.Equal(["lieu-1", "lieu-3"], ids);
    }

    [Fact]
    public async Task ADryRunReportsWhatWouldChangeButWritesNothing()
    {
        var source = ImportExportHelpers.NewSource();
        var audits = await factory.WithDbAsync(db => db.AuditEntries.CountAsync());

        var report = await factory.ImportCsvAsync(ImportExportHelpers.Csv(2), new PlaceImportOptions { Source = source, DryRun = true });

        Assert.True(report.Imported);
        Assert.True(report.DryRun);
        Assert.Equal(2, report.Created);
        Assert.False(await factory.WithDbAsync(db => db.Places.AnyAsync(p => p.ImportSource == source)));
        Assert.Equal(audits, await factory.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task TheCommuneIsLinkedByItsInseeCodeWhenTheInstanceHasItAndLeftEmptyOtherwise()
    {
        await factory.EnsureTerritoriesAsync();
        var source = ImportExportHelpers.NewSource();
        var csv = ImportExportHelpers.Csv(2, (i, v) =>
        {
            if (i == 2)
            {
                (v["commune"], v["code_postal"], v["code_insee"]) = ("Reims", "51100", "51454");
            }
        });

        var report = await factory.ImportCsvAsync(csv, new PlaceImportOptions { Source = source });

        Assert.Equal(2, report.Created);
        var saintEtienne = await factory.TerritoryAsync(MaillageFactory.SaintEtienne);
        var communes = await factory.WithDbAsync(db => db.Places.Where(p => p.ImportSource == source).OrderBy(p => p.SourceId).Select(p => p.CommuneId).ToListAsync());
        Assert.Equal([saintEtienne.Id, null], communes);
    }

    [Fact]
    public async Task TheSourceDefaultsToTheFileNameAndOurOwnSourceIsRefused()
    {
        var name = ImportExportHelpers.NewSource();
        var csv = System.Text.Encoding.UTF8.GetBytes(ImportExportHelpers.Csv(1));

        var byName = await factory.ImportAsync(csv, name + ".csv", new PlaceImportOptions());
        var own = await factory.ImportAsync(csv, "x.csv", new PlaceImportOptions { Source = Place.OwnSource });

        Assert.Equal((name, 1), (byName.Source, byName.Created));
        Assert.False(own.Imported);
        Assert.Contains(own.Errors, e => e.Message.Contains("réservée aux lieux créés dans Maillage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnreadableFileIsRefusedEvenWithSkipInvalid()
    {
        var report = await factory.ImportAsync("pas du json"u8.ToArray(), "lieux.json", new PlaceImportOptions { Source = ImportExportHelpers.NewSource(), SkipInvalid = true });

        Assert.False(report.Imported);
        Assert.Equal(0, Assert.Single(report.Errors).Line);
    }

    private Task<List<string>> Snapshot(string source) => factory.WithDbAsync(async db =>
    {
        var places = await db.Places.AsNoTracking().Where(p => p.ImportSource == source).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Version, p.ModifiedAt, p.Name }).ToListAsync();
        var ids = places.Select(p => p.Id).ToList();
        var changes = await db.PlaceChanges.CountAsync(c => ids.Contains(c.PlaceId));
        var audits = await db.AuditEntries.CountAsync(a => a.TargetId == source);
        return places.Select(p => $"{p.Id}:{p.Version}:{p.ModifiedAt:O}:{p.Name}").Append($"changes:{changes}").Append($"audits:{audits}").ToList();
    });
}
