using System.Text;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Echanges;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux;
using Maillage.Features.Territoires;
using Maillage.Shared.Scoping;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Accompagnements.Echanges;

/// <summary>Export then import on a real database: round trips (CSV and XLSX), all or nothing, idempotent re-import, scope.</summary>
[Trait("Category", "Database")]
public sealed class ActivityExchangeTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private async Task<T> AsAsync<T>(string userId, Func<IServiceProvider, ActivityAccess, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var access = await ActivityAccess.ForAsync(db, await ScopeAccessor.ForUserAsync(db, userId));
        return await action(sp, access);
    }

    private static ActivityExporter Exporter(IServiceProvider sp) => new(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<AuditLog>());

    private static ActivityImporter Importer(IServiceProvider sp) => new(
        sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ActivityService>());

    private Task<byte[]> ExportAsync(string userId, ActivityExportFileFormat format = ActivityExportFileFormat.Csv, ActivityExportFilter? filter = null) =>
        AsAsync(userId, async (sp, access) =>
        {
            using var buffer = new MemoryStream();
            var rows = Exporter(sp).RowsAsync(access, filter ?? new ActivityExportFilter());
            if (format == ActivityExportFileFormat.Csv)
            {
                await ActivityExporter.WriteCsvAsync(buffer, rows);
            }
            else
            {
                await ActivityExporter.WriteXlsxAsync(buffer, rows);
            }

            return buffer.ToArray();
        });

    private Task<ActivityImportReport> ImportAsync(string userId, byte[] file, int organizationId, string advisorId, bool dryRun = false, string fileName = "activites.csv") =>
        AsAsync(userId, (sp, access) => Importer(sp).ImportAsync(access, new MemoryStream(file), fileName, organizationId, advisorId, dryRun));

    private Task<int> CountAsync(string advisorId) => factory.WithDbAsync(db => db.Activities.CountAsync(a => a.AdvisorId == advisorId && a.DeletedAt == null));

    /// <summary>The data lines of a CSV export, each without its ID (last column).</summary>
    private static List<string> LinesWithoutId(byte[] csv)
    {
        var content = ActivityFileReader.Read(new MemoryStream(csv), "x.csv");
        Assert.Empty(content.Errors);
        return [.. content.Rows.Select(r => string.Join(" ; ", ActivityExchangeFormat.Headers.Where(h => h != ActivityExchangeFormat.Id).Select(h => r.Values[h])))];
    }

    [Fact]
    public async Task ExportThenImportIntoAnotherOrganizationThenExportAgainGivesTheSameLinesExceptTheIds()
    {
        var (organizationA, advisorA, placeA, _) = await factory.NetworkAsync();
        var (organizationB, advisorB, _, _) = await factory.NetworkAsync("Maison des habitants");
        await factory.SeedAsync(organizationA, advisorA, placeA);

        var first = await ExportAsync(advisorA);
        var text = Encoding.UTF8.GetString(first);
        Assert.Equal(ActivityExchangeFormat.CsvEncoding.GetPreamble(), first[..3]);
        Assert.StartsWith("\uFEFFDate;Type;Participants;Canaux;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Faure", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Zoé", text, StringComparison.Ordinal);
        Assert.Contains("Saint-Chamond;42207;60-69 ans;Féminin;Retraité;", text, StringComparison.Ordinal);

        var report = await ImportAsync(advisorB, first, organizationB, advisorB);

        Assert.Empty(report.Errors);
        Assert.True(report.Saved);
        Assert.Equal((5, 5, 0), (report.Read, report.New, report.AlreadyImported.Count));
        var second = await ExportAsync(advisorB);
        Assert.Equal(LinesWithoutId(first), LinesWithoutId(second));
        Assert.Equal(5, LinesWithoutId(second).Count);

        // The place is found again by commune code and name among the places of the importing organization's commune.
        var imported = await factory.WithDbAsync(db => db.Activities.AsNoTracking().Include(a => a.AnonymousCounts).Where(a => a.AdvisorId == advisorB).ToListAsync());
        Assert.Equal(placeA, imported.Single(a => a.Location == ActivityLocation.Place).PlaceId);
        Assert.All(imported, a => Assert.Equal(organizationB, a.OrganizationId));
        Assert.Equal(8, imported.Single(a => a.Type == ActivityType.Collective).ParticipantCount);
        Assert.All(imported, a => Assert.StartsWith(ActivityImporter.KeyPrefix, a.IdempotencyKey, StringComparison.Ordinal));
        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.ActivitiesImported && e.ActorId == advisorB && e.Details!.StartsWith("5 activité(s) importée(s)"))));
    }

    [Fact]
    public async Task AFileWithThreeBadLinesAmongGoodOnesSavesNothingAndReportsExactlyThoseLines()
    {
        var (organizationA, advisorA, placeA, placeName) = await factory.NetworkAsync();
        var (organizationB, advisorB, _, _) = await factory.NetworkAsync("Espace numérique de Montreynaud");
        await factory.SeedAsync(organizationA, advisorA, placeA);
        var lines = Encoding.UTF8.GetString(await ExportAsync(advisorA)).Split("\r\n").ToList();

        // Line 3 (the workshop): a date that does not exist; line 4 (the quick request): a theme that is not in the list;
        // line 2 (at a place): a place the organization does not know.
        lines[2] = lines[2].Replace("11/06/2025", "31/06/2025", StringComparison.Ordinal);
        lines[3] = lines[3].Replace("Navigation sur internet", "Jardinage", StringComparison.Ordinal);
        lines[1] = lines[1].Replace(placeName, "Lieu qui n'existe pas", StringComparison.Ordinal);
        var file = Encoding.UTF8.GetBytes(string.Join("\r\n", lines));

        var report = await ImportAsync(advisorB, file, organizationB, advisorB);

        Assert.False(report.Saved);
        Assert.True(report.Refused);
        Assert.Equal(
            [
                (2, "Nom du lieu", "Lieu « Lieu qui n'existe pas » (code INSEE 42218) introuvable parmi les lieux de la structure : vérifiez son nom et sa commune, ou ajoutez-le au réseau."),
                (3, "Date", "Date « 31/06/2025 » illisible : écrivez-la jj/mm/aaaa (par exemple 05/03/2025)."),
                (4, "Thématique(s)", "« Jardinage » n'est pas une valeur connue de thématique : utilisez les libellés de la liste nationale."),
            ],
            report.Errors.Select(e => (e.Line, e.Column!, e.Message)));
        Assert.Equal(0, await CountAsync(advisorB));
    }

    [Fact]
    public async Task ARuleOfTheRecordIsReportedOnItsColumnAndAFutureDateRefusesTheFile()
    {
        var (organization, advisor, _, _) = await factory.NetworkAsync();
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3)).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var csv = "Date;Type;Participants;Canaux;Durée (min);Thématique(s);Démarche(s);ID\r\n"
            + "05/03/2025;Accompagnement individuel;1;À distance;30;E-mail;;a1\r\n"
            + $"{tomorrow};Accompagnement individuel;1;À distance;30;E-mail;;a2\r\n"
            + "05/03/2025;Accompagnement individuel;1;À distance;30;E-mail;Logement;a3\r\n"
            + "05/03/2025;Atelier collectif;0;À distance;600;E-mail;;a4\r\n"
            + "05/03/2025;Accompagnement individuel;1;À distance;30;E-mail;;a1\r\n";

        var report = await ImportAsync(advisor, Encoding.UTF8.GetBytes(csv), organization, advisor);

        Assert.Equal(
            [
                (3, "Date"), (4, "Démarche(s)"), (5, "Participants"), (6, "ID"),
            ],
            report.Errors.Select(e => (e.Line, e.Column!)));
        Assert.Equal("La date ne peut pas être dans le futur.", report.Errors[0].Message);
        Assert.Equal("L'ID « a1 » figure déjà ligne 2 : chaque activité a son propre ID.", report.Errors[3].Message);
        Assert.Equal(0, await CountAsync(advisor));

        // The workshop line with no participant stops at the count: its 600 minutes would be reported once the line reads.
        var fixedCsv = csv.Replace("Atelier collectif;0;", "Atelier collectif;3;", StringComparison.Ordinal);
        var second = await ImportAsync(advisor, Encoding.UTF8.GetBytes(fixedCsv), organization, advisor, dryRun: true);
        Assert.Contains((5, "Durée (min)"), second.Errors.Select(e => (e.Line, e.Column!)));
    }

    [Fact]
    public async Task ImportingTheSameFileAgainCreatesNothingAndReportsEachLineAsAlreadyImported()
    {
        var (organizationA, advisorA, placeA, _) = await factory.NetworkAsync();
        var (organizationB, advisorB, _, _) = await factory.NetworkAsync("Centre social");
        await factory.SeedAsync(organizationA, advisorA, placeA);
        var file = await ExportAsync(advisorA);

        var dryRun = await ImportAsync(advisorB, file, organizationB, advisorB, dryRun: true);
        Assert.Equal((false, 5, 0), (dryRun.Saved, dryRun.New, await CountAsync(advisorB)));

        var first = await ImportAsync(advisorB, file, organizationB, advisorB);
        var again = await ImportAsync(advisorB, file, organizationB, advisorB);

        Assert.Equal(5, first.New);
        Assert.Empty(again.Errors);
        Assert.Equal(0, again.New);
        Assert.Equal([2, 3, 4, 5, 6], again.AlreadyImported.Select(a => a.Line));
        Assert.Equal(5, await CountAsync(advisorB));
    }

    [Fact]
    public async Task NobodyExportsAnotherOrganizationsRecordsNorImportsForAnOrganizationTheyDoNotManage()
    {
        var (organizationA, advisorA, placeA, _) = await factory.NetworkAsync();
        var (organizationB, advisorB, _, _) = await factory.NetworkAsync("Bibliothèque");
        await factory.SeedAsync(organizationA, advisorA, placeA);
        var file = await ExportAsync(advisorA);

        // B's advisor asks for A's organization: their scope has no record of it.
        var count = await AsAsync(advisorB, (sp, access) => Exporter(sp).CountAsync(access, new ActivityExportFilter { OrganizationId = organizationA }));
        Assert.Equal(0, count);
        Assert.Empty(LinesWithoutId(await ExportAsync(advisorB)));

        // Import for A (or as A's advisor) from B's account: refused, nothing saved.
        var forA = await ImportAsync(advisorB, file, organizationA, advisorB);
        var asA = await ImportAsync(advisorB, file, organizationB, advisorA);
        Assert.All([forA, asA], r => Assert.Equal("Vous ne pouvez pas importer d'activités pour cette structure ou ce conseiller.", Assert.Single(r.Errors).Message));
        Assert.Equal(5, await CountAsync(advisorA));
        Assert.Equal(0, await CountAsync(advisorB));

        // The organization's Structure account manages it: it imports for its advisor, not for another organization's.
        var structure = await factory.CreateUserAsync(TestData.NewEmail("structure"), TestData.Password, Role.Structure, organizationId: organizationB);
        Assert.Equal([advisorB], (await AsAsync(structure.Id, (sp, access) => Importer(sp).AdvisorsAsync(access, organizationB))).Select(a => a.Id));
        var byStructure = await ImportAsync(structure.Id, file, organizationB, advisorB);
        Assert.True(byStructure.Saved);
        Assert.Equal(5, await CountAsync(advisorB));
        var intoA = await ImportAsync(structure.Id, file, organizationA, advisorA);
        Assert.False(intoA.Saved);
        Assert.Equal(5, await CountAsync(advisorA));
    }

    [Fact]
    public async Task AnXlsxExportIsImportedBackToTheSameLines()
    {
        var (organizationA, advisorA, placeA, _) = await factory.NetworkAsync();
        var (organizationB, advisorB, _, _) = await factory.NetworkAsync("Point numérique");
        await factory.SeedAsync(organizationA, advisorA, placeA);

        var workbook = await ExportAsync(advisorA, ActivityExportFileFormat.Xlsx);
        Assert.Equal((byte)'P', workbook[0]);
        var report = await ImportAsync(advisorB, workbook, organizationB, advisorB, fileName: "activites.xlsx");

        Assert.Empty(report.Errors);
        Assert.Equal(5, report.New);
        Assert.Equal(LinesWithoutId(await ExportAsync(advisorA)), LinesWithoutId(await ExportAsync(advisorB)));
    }

    [Fact]
    public async Task TheExportReadsInBatchesAndFiltersByPeriodTypeAndTheme()
    {
        var (organization, advisor, place, _) = await factory.NetworkAsync();
        await factory.SeedAsync(organization, advisor, place);
        await factory.SeedAsync(organization, advisor, place);

        Assert.Equal(10, LinesWithoutId(await ExportAsync(advisor)).Count);
        var workshops = LinesWithoutId(await ExportAsync(advisor, filter: new ActivityExportFilter { Type = ActivityType.Collective }));
        Assert.Equal(2, workshops.Count);
        Assert.All(workshops, l => Assert.Contains("Atelier collectif", l, StringComparison.Ordinal));
        Assert.Equal(4, LinesWithoutId(await ExportAsync(advisor, filter: new ActivityExportFilter { From = new DateOnly(2025, 6, 11), To = new DateOnly(2025, 6, 12) })).Count);
        Assert.Equal(2, LinesWithoutId(await ExportAsync(advisor, filter: new ActivityExportFilter { Theme = ActivityTheme.Employment })).Count);
        Assert.Equal(2, LinesWithoutId(await ExportAsync(advisor, filter: new ActivityExportFilter { PlaceId = place })).Count);

        // More records than one batch: every one is written once, in id order.
        await factory.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < ActivityExporter.BatchSize + 5; i++)
            {
                var activity = new Activity { AdvisorId = advisor, OrganizationId = organization, CreatedAt = now };
                ActivityService.Apply(new ActivityInput { Type = ActivityType.QuickRequest, Date = new DateOnly(2025, 1, 2), DurationMinutes = 5, Location = ActivityLocation.Remote, Themes = [ActivityTheme.Email] }, activity, now);
                db.Activities.Add(activity);
            }

            await db.SaveChangesAsync();
            return 0;
        });
        var all = ActivityFileReader.Read(new MemoryStream(await ExportAsync(advisor)), "x.csv").Rows.Select(r => long.Parse(r.Values["ID"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ActivityExporter.BatchSize + 15, all.Count);
        Assert.Equal(all.Order(), all);
        Assert.Equal(all.Count, all.Distinct().Count());
    }
}
