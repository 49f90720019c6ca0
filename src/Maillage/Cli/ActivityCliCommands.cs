using System.CommandLine;
using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Echanges;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Cli;

/// <summary>
/// export-activities and import-activities: the « Activités » format from the command line, for histories too large for the
/// page (the whole territory, several years). They act with the administrator's scope, as the other verbs do.
/// </summary>
public static class ActivityCliCommands
{
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal) { "export-activities", "import-activities" };

    public static void AddTo(RootCommand root, CliContext cli)
    {
        root.Subcommands.Add(ExportCommand(cli));
        root.Subcommands.Add(ImportCommand(cli));
    }

    private static UserScope System => new(null, [new ScopeGrant(Role.Administrateur, null, null)]);

    private static Command ExportCommand(CliContext cli)
    {
        var format = new Option<string>("--format") { Description = "csv (par défaut) ou xlsx." };
        var file = new Option<FileInfo>("--output") { Description = "Fichier à écrire.", Required = true };
        var from = new Option<string?>("--du") { Description = "Première date (aaaa-mm-jj)." };
        var to = new Option<string?>("--au") { Description = "Dernière date (aaaa-mm-jj)." };
        var organization = new Option<int?>("--structure") { Description = "Identifiant de la structure." };
        var advisor = new Option<string?>("--conseiller") { Description = "Adresse e-mail du conseiller ou de la conseillère." };
        var command = new Command("export-activities", "Exporte les activités au format « Activités » de l'outil national (CSV ou XLSX).") { format, file, from, to, organization, advisor };
        command.SetAction(async (pr, ct) =>
        {
            var chosen = (pr.GetValue(format) ?? "csv").ToLowerInvariant() switch
            {
                "csv" => ActivityExportFileFormat.Csv,
                "xlsx" => (ActivityExportFileFormat?)ActivityExportFileFormat.Xlsx,
                _ => null,
            };
            if (chosen is null)
            {
                await cli.Error.WriteLineAsync($"Format « {pr.GetValue(format)} » inconnu : choisissez csv ou xlsx.");
                return 2;
            }

            if (!TryDate(pr.GetValue(from), out var first) || !TryDate(pr.GetValue(to), out var last))
            {
                await cli.Error.WriteLineAsync("Date illisible : écrivez-la aaaa-mm-jj.");
                return 2;
            }

            return await cli.WithServices(async sp =>
            {
                var db = sp.GetRequiredService<AppDbContext>();
                string? advisorId = null;
                if (pr.GetValue(advisor) is { Length: > 0 } email)
                {
                    advisorId = await db.Users.Where(u => u.Email == email.Trim()).Select(u => u.Id).FirstOrDefaultAsync(ct);
                    if (advisorId is null)
                    {
                        await cli.Error.WriteLineAsync($"Aucun compte avec l'adresse {email}.");
                        return 2;
                    }
                }

                var filter = new ActivityExportFilter { From = first, To = last, OrganizationId = pr.GetValue(organization), AdvisorId = advisorId };
                var access = await ActivityAccess.ForAsync(db, System, ct);
                var exporter = new ActivityExporter(db, sp.GetRequiredService<AuditLog>());
                var count = await exporter.CountAsync(access, filter, ct);
                if (count == 0)
                {
                    await cli.Error.WriteLineAsync("Aucune activité ne correspond à ces filtres : aucun fichier n'a été créé.");
                    return 2;
                }

                var target = pr.GetValue(file)!;
                await using (var stream = target.Create())
                {
                    var rows = exporter.RowsAsync(access, filter, ct);
                    if (chosen == ActivityExportFileFormat.Csv)
                    {
                        await ActivityExporter.WriteCsvAsync(stream, rows, ct);
                    }
                    else
                    {
                        await ActivityExporter.WriteXlsxAsync(stream, rows, ct);
                    }
                }

                await exporter.AuditAsync(chosen.Value, count, filter, ct);
                cli.Output.WriteLine($"{count} activité(s) exportée(s) dans {target.FullName}.");
                return 0;
            });
        });
        return command;
    }

    private static Command ImportCommand(CliContext cli)
    {
        var file = new Argument<FileInfo>("FICHIER") { Description = "Fichier au format « Activités » (CSV ou XLSX)." };
        var organization = new Option<int>("--structure") { Description = "Identifiant de la structure pour laquelle les activités ont été faites.", Required = true };
        var advisor = new Option<string>("--conseiller") { Description = "Adresse e-mail du conseiller ou de la conseillère (rôle Conseiller sur cette structure).", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Vérifie chaque ligne sans rien enregistrer." };
        var command = new Command("import-activities", "Importe des activités au format « Activités » : tout ou rien, une ligne déjà importée (même ID) n'est jamais dupliquée.") { file, organization, advisor, dryRun };
        command.SetAction(async (pr, ct) => await cli.WithServices(async sp =>
        {
            var path = pr.GetValue(file)!;
            if (!path.Exists)
            {
                await cli.Error.WriteLineAsync($"Fichier introuvable : {path.FullName}");
                return 2;
            }

            var db = sp.GetRequiredService<AppDbContext>();
            var email = pr.GetValue(advisor)!.Trim();
            var advisorId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstOrDefaultAsync(ct);
            if (advisorId is null)
            {
                await cli.Error.WriteLineAsync($"Aucun compte avec l'adresse {email}.");
                return 2;
            }

            var access = await ActivityAccess.ForAsync(db, System, ct);
            var importer = new ActivityImporter(db, sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ActivityService>());
            ActivityImportReport report;
            await using (var stream = path.OpenRead())
            {
                report = await importer.ImportAsync(access, stream, path.Name, pr.GetValue(organization), advisorId, pr.GetValue(dryRun), ct);
            }

            foreach (var error in report.Errors)
            {
                var where = error.Line == 0 ? "fichier" : "ligne " + error.Line.ToString(CultureInfo.InvariantCulture);
                cli.Output.WriteLine(error.Column is null ? $"{where} : {error.Message}" : $"{where}, colonne {error.Column} : {error.Message}");
            }

            cli.Output.WriteLine($"{report.Read} ligne(s) lue(s), {report.AlreadyImported.Count} déjà importée(s), {report.Errors.Count} problème(s).");
            cli.Output.WriteLine(report.Refused ? "Fichier refusé : aucune activité n'a été enregistrée."
                : report.DryRun ? $"Vérification seulement : {report.New} activité(s) seraient importée(s)."
                : $"Import terminé : {report.New} activité(s) importée(s).");
            return report.Refused ? 2 : 0;
        }));
        return command;
    }

    private static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            date = value;
            return true;
        }

        return false;
    }

}
