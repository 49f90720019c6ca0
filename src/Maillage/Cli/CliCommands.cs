using System.CommandLine;
using System.Security.Cryptography;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux.Export;
using Maillage.Features.Lieux.Geocoding;
using Maillage.Features.Lieux.Import;
using Maillage.Features.Territoires;
using Maillage.Shared.Security;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Cli;

/// <summary>The verbs of the maillage binary. Each one builds the same services as the web host, does its work and exits.</summary>
public static class CliCommands
{
    private static readonly HashSet<string> Verbs = ["migrate", "seed-demo", "create-admin", "create-api-client", "import-territories", "import-places", "export-places", "geocode-places", "--help", "-h", "-?", "help"];

    public static bool IsVerb(string[] args) => args.Length > 0 && (Verbs.Contains(args[0]) || ActivityCliCommands.Verbs.Contains(args[0]));

    public static async Task<int> RunAsync(string[] args, CliContext? context = null)
    {
        var cli = context ?? CliContext.Console;
        if (args[0] == "help")
        {
            args = ["--help"];
        }

        var root = new RootCommand("Maillage : réseau d'inclusion numérique. Sans verbe, le programme sert l'application web.");

        var migrate = new Command("migrate", "Applique les migrations de la base (SQLite ou PostgreSQL selon Database__Provider), ajoute les motifs de rendez-vous et le catalogue d'ateliers par défaut si ces tables sont vides, puis charge les départements de Territoires__Departements.");
        migrate.SetAction(async (_, ct) => await cli.WithServices(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await db.MigrateAsync(ct);
            cli.Output.WriteLine(pending.Count == 0 ? "Base à jour : aucune migration à appliquer." : $"{pending.Count} migration(s) appliquée(s).");

            // A new instance starts with the default appointment motifs and workshop catalogue (only into empty tables).
            await Features.Agenda.AgendaDefaults.EnsureDefaultsAsync(db, ct);
            await Features.Materiel.FleetDefaults.EnsureDefaultsAsync(db, ct);

            // The deployment's départements (Territoires:Departements) are loaded or refreshed with the schema.
            var departements = sp.GetRequiredService<IConfiguration>().GetSection("Territoires:Departements").Get<string[]>() ?? [];
            if (departements.Length > 0)
            {
                try
                {
                    var result = await sp.GetRequiredService<TerritoryImporter>().ImportAsync(departements, ct);
                    cli.Output.WriteLine($"Territoires ({string.Join(", ", departements)}) : {result.Created} créé(s), {result.Updated} mis à jour.");
                }
                catch (ArgumentException e)
                {
                    await cli.Error.WriteLineAsync("Territoires:Departements : " + e.Message);
                    return 2;
                }
            }

            return 0;
        }));
        root.Subcommands.Add(migrate);

        var seed = new Command("seed-demo", "Crée le territoire de démonstration (Saint-Étienne) et un compte par rôle. Refusé en production.");
        seed.SetAction(async (_, ct) => await cli.WithServices(async sp =>
        {
            if (sp.GetRequiredService<IHostEnvironment>().IsProduction())
            {
                await cli.Error.WriteLineAsync("seed-demo est refusé en production : les données de démonstration n'y sont jamais créées.");
                return 2;
            }

            var db = sp.GetRequiredService<AppDbContext>();
            await db.MigrateAsync(ct);
            await sp.GetRequiredService<DemoSeeder>().SeedAsync(ct);
            cli.Output.WriteLine($"Démonstration prête. Mot de passe de chaque compte : {DemoSeeder.Password}");
            foreach (var (role, email, _) in DemoSeeder.Accounts)
            {
                cli.Output.WriteLine($"  {Roles.Label(role),-28} {email}");
            }

            return 0;
        }));
        root.Subcommands.Add(seed);

        var territoryDeps = new Option<string>("--departements") { Description = "Codes INSEE des départements, séparés par des virgules (ex. 42,93).", Required = true };
        var importTerritories = new Command("import-territories", "Charge les départements choisis (EPT/EPCI et communes) dans l'arbre des territoires.") { territoryDeps };
        importTerritories.SetAction(async (pr, ct) => await cli.WithServices(async sp =>
        {
            var codes = pr.GetValue(territoryDeps)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            try
            {
                var result = await sp.GetRequiredService<TerritoryImporter>().ImportAsync(codes, ct);
                cli.Output.WriteLine($"{result.Created} territoire(s) créé(s), {result.Updated} mis à jour.");
                return 0;
            }
            catch (ArgumentException e)
            {
                await cli.Error.WriteLineAsync(e.Message);
                return 2;
            }
        }));
        root.Subcommands.Add(importTerritories);

        var adminEmail = new Option<string>("--email") { Description = "Adresse e-mail du compte administrateur.", Required = true };
        var adminName = new Option<string?>("--name") { Description = "Nom affiché (par défaut, l'adresse e-mail)." };
        var createAdmin = new Command("create-admin", "Crée un compte Administrateur. Mot de passe lu sur l'entrée standard, sinon généré et affiché une seule fois.") { adminEmail, adminName };
        createAdmin.SetAction(async (pr, ct) => await cli.WithServices(async sp =>
        {
            var email = pr.GetValue(adminEmail)!.Trim();
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var db = sp.GetRequiredService<AppDbContext>();
            if (await users.FindByEmailAsync(email) is not null)
            {
                await cli.Error.WriteLineAsync($"Un compte existe déjà avec l'adresse {email}.");
                return 2;
            }

            var typed = cli.InputGiven ? (await cli.Input.ReadLineAsync(ct))?.Trim() : null;
            var password = string.IsNullOrEmpty(typed) ? GeneratePassword() : typed;
            var clock = sp.GetRequiredService<TimeProvider>();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = pr.GetValue(adminName) ?? email, CreatedAt = clock.GetUtcNow() };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                await cli.Error.WriteLineAsync("Compte refusé : " + string.Join(" ", result.Errors.Select(e => e.Description)));
                return 2;
            }

            db.Grants.Add(new Grant { UserId = user.Id, Role = Role.Administrateur, GrantedAt = clock.GetUtcNow() });
            sp.GetRequiredService<AuditLog>().Record(AuditActions.UserCreated, "utilisateur", user.Id, "Administrateur (ligne de commande)", actorId: AuditLog.SystemActor, actorName: AuditLog.SystemActor);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            cli.Output.WriteLine($"Compte administrateur créé : {email}");
            if (string.IsNullOrEmpty(typed))
            {
                cli.Output.WriteLine($"Mot de passe (affiché une seule fois) : {password}");
            }

            return 0;
        }));
        root.Subcommands.Add(createAdmin);

        var clientName = new Option<string>("--name") { Description = "Nom du client API (l'application qui l'utilise).", Required = true };
        var clientRole = new Option<string>("--role") { Description = "Rôle : Administrateur, Coordinateur, Conseiller, Structure ou Lecteur.", Required = true };
        var clientTerritory = new Option<string?>("--territory") { Description = "Code du territoire (Coordinateur, Lecteur) : département, SIREN d'EPCI, INSEE de commune ou code de quartier." };
        var clientOrganization = new Option<int?>("--organization") { Description = "Identifiant de la structure (Conseiller, Structure)." };
        var createClient = new Command("create-api-client", "Crée un client API et affiche son jeton une seule fois (seule son empreinte est conservée).") { clientName, clientRole, clientTerritory, clientOrganization };
        createClient.SetAction(async (pr, ct) => await cli.WithServices(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var (client, token, error) = await ApiClients.CreateAsync(db, sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<TimeProvider>(),
                pr.GetValue(clientName)!, pr.GetValue(clientRole)!, pr.GetValue(clientTerritory), pr.GetValue(clientOrganization), ct);
            if (error is not null)
            {
                await cli.Error.WriteLineAsync(error);
                return 2;
            }

            cli.Output.WriteLine($"Client API « {client!.Name} » créé (n° {client.Id}, rôle {client.Role}).");
            cli.Output.WriteLine($"Jeton (affiché une seule fois) : {token}");
            return 0;
        }));
        root.Subcommands.Add(createClient);

        root.Subcommands.Add(ImportPlacesCommand(cli));
        root.Subcommands.Add(ExportPlacesCommand(cli));
        root.Subcommands.Add(GeocodePlacesCommand(cli));
        ActivityCliCommands.AddTo(root, cli);

        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = cli.Output, Error = cli.Error });
    }

    private static Command ImportPlacesCommand(CliContext cli)
    {
        var file = new Argument<FileInfo>("FICHIER") { Description = "Fichier de lieux au standard national (CSV ou JSON, v1 ou ancien format 0.1)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Vérifie et compare sans rien enregistrer." };
        var source = new Option<string?>("--source") { Description = "Nom de la source d'import (par défaut, le nom du fichier sans extension)." };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Importe les lignes valides même si d'autres sont rejetées (par défaut, une seule ligne rejetée fait refuser tout le fichier)." };
        var command = new Command("import-places", "Importe des lieux de médiation numérique : création ou mise à jour par identifiant, tout ou rien par défaut.") { file, dryRun, source, skipInvalid };
        command.SetAction(async (pr, ct) => await cli.WithServices(async sp =>
        {
            var path = pr.GetValue(file)!;
            if (!path.Exists)
            {
                await cli.Error.WriteLineAsync($"Fichier introuvable : {path.FullName}");
                return 2;
            }

            var options = new PlaceImportOptions { DryRun = pr.GetValue(dryRun), Source = pr.GetValue(source), SkipInvalid = pr.GetValue(skipInvalid) };
            PlaceImportReport report;
            await using (var stream = path.OpenRead())
            {
                report = await sp.GetRequiredService<PlaceImporter>().ImportAsync(stream, path.Name, options, ImportActor.System, ct);
            }

            PlaceImportText.Write(report, cli.Output);
            return report.Imported ? 0 : 2;
        }));
        return command;
    }

    private static Command ExportPlacesCommand(CliContext cli)
    {
        var format = new Option<string>("--format") { Description = "csv (standard v1.0.1, par défaut), json (standard v1) ou geojson." };
        var file = new Option<FileInfo?>("--output") { Description = "Fichier à écrire (par défaut, la sortie standard)." };
        var command = new Command("export-places", "Exporte les lieux publiés au format du standard national ou en GeoJSON.") { format, file };
        command.SetAction(async (pr, ct) =>
        {
            if (!PlaceExporter.TryParseFormat(pr.GetValue(format), out var chosen))
            {
                await cli.Error.WriteLineAsync($"Format « {pr.GetValue(format)} » inconnu : choisissez csv, json ou geojson.");
                return 2;
            }

            return await cli.WithServices(async sp =>
            {
                var db = sp.GetRequiredService<AppDbContext>();
                var target = pr.GetValue(file);
                if (target is null)
                {
                    await cli.Output.FlushAsync(ct);
                    var stdout = cli.OpenStandardOutput();
                    PlaceExporter.Write(db, chosen, stdout);
                    await stdout.FlushAsync(ct);
                }
                else
                {
                    await using var stream = target.Create();
                    PlaceExporter.Write(db, chosen, stream);
                }

                var count = await PlaceExporter.Published(db).CountAsync(ct);
                await sp.GetRequiredService<AuditLog>().WriteAsync(AuditActions.PlacesExported, "lieux", PlaceExporter.FileName(chosen),
                    $"{count} lieu(x) publié(s) exporté(s) en ligne de commande ({PlaceExporter.FileName(chosen)}).",
                    actorId: AuditLog.SystemActor, actorName: AuditLog.SystemActor);
                if (target is not null)
                {
                    cli.Output.WriteLine($"{count} lieu(x) publié(s) exporté(s) dans {target.FullName}.");
                }

                return 0;
            });
        });
        return command;
    }

    private static Command GeocodePlacesCommand(CliContext cli)
    {
        var all = new Option<bool>("--all") { Description = "Géocode aussi les lieux qui ont déjà des coordonnées (jamais ceux placés à la main)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Calcule et affiche le bilan sans rien enregistrer." };
        var command = new Command("geocode-places", "Complète les coordonnées des lieux : Base adresse nationale si Geocodage__Ban__Url est définie, sinon centre de la commune.") { all, dryRun };
        command.SetAction(async (pr, ct) => await cli.WithServices(async sp =>
        {
            var report = await PlaceGeocoding.RunAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<IGeocoder>(), sp.GetRequiredService<TimeProvider>(),
                pr.GetValue(all), pr.GetValue(dryRun), ct);
            PlaceGeocoding.Write(report, cli.Output);
            return 0;
        }));
        return command;
    }


    private static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(20, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}
