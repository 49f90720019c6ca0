using Maillage.Features.Audit;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Accompagnements.Echanges;

/// <summary>export-activities and import-activities through the binary's entry point (in-process), on the database of a running test application.</summary>
[Trait("Category", "Database")]
public sealed class ActivityCliTests(MaillageFactory factory) : IClassFixture<MaillageFactory>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("maillage_activites_").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AnExportedHistoryIsCheckedThenImportedForAnotherAdvisorOnceOnly()
    {
        var (organizationA, advisorA, placeA, _) = await factory.NetworkAsync();
        var advisorEmail = TestData.NewEmail("cnfs");
        var (organizationB, advisorB, _, _) = await factory.NetworkAsync(advisorEmail: advisorEmail);
        await factory.SeedAsync(organizationA, advisorA, placeA);
        var file = Path.Combine(_folder, "historique.xlsx");
        var organization = organizationB.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var export = await CliRunner.RunAsync(factory.Database, ["export-activities", "--format", "xlsx", "--output", file, "--structure", organizationA.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var check = await CliRunner.RunAsync(factory.Database, ["import-activities", file, "--structure", organization, "--conseiller", advisorEmail, "--dry-run"]);
        var import = await CliRunner.RunAsync(factory.Database, ["import-activities", file, "--structure", organization, "--conseiller", advisorEmail]);
        var again = await CliRunner.RunAsync(factory.Database, ["import-activities", file, "--structure", organization, "--conseiller", advisorEmail]);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("5 activité(s) exportée(s)", export.Output, StringComparison.Ordinal);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("Vérification seulement : 5 activité(s) seraient importée(s).", check.Output, StringComparison.Ordinal);
        Assert.Contains("Import terminé : 5 activité(s) importée(s).", import.Output, StringComparison.Ordinal);
        Assert.Contains("5 déjà importée(s)", again.Output, StringComparison.Ordinal);
        Assert.Contains("Import terminé : 0 activité(s) importée(s).", again.Output, StringComparison.Ordinal);
        Assert.Equal(5, await factory.WithDbAsync(db => db.Activities.CountAsync(a => a.AdvisorId == advisorB)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.ActivitiesExported && e.ActorId == AuditLog.SystemActor)));
    }

    [Fact]
    public async Task AnImportForAnAdvisorWithoutAGrantOnTheOrganizationIsRefusedWithExitCode2()
    {
        var (organizationA, _, _, _) = await factory.NetworkAsync();
        var outsider = TestData.NewEmail("cnfs");
        await factory.NetworkAsync(advisorEmail: outsider);
        var file = Path.Combine(_folder, "a.csv");
        await File.WriteAllTextAsync(file, "Date;Type;Canaux;Durée (min);Thématique(s)\n05/03/2025;Demande ponctuelle;À distance;5;E-mail\n");

        var result = await CliRunner.RunAsync(factory.Database, ["import-activities", file, "--structure", organizationA.ToString(System.Globalization.CultureInfo.InvariantCulture), "--conseiller", outsider]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Vous ne pouvez pas importer d'activités pour cette structure ou ce conseiller.", result.Output, StringComparison.Ordinal);
    }
}
