using System.Diagnostics;
using System.Globalization;
using System.Text;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Features.Structures;
using Maillage.Features.Territoires;
using Maillage.Shared.Security;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Bench;

/// <summary>Sizes of one generated data set.</summary>
public sealed record Scale(string Name, IReadOnlyCollection<string> Departements, int Quarters, int Organizations, int Users, int AuditEntries)
{
    public static Scale National => new("national", CommuneResource.DepartementCodes, 2_000, 5_000, 10_000, 200_000);

    public static Scale Territory => new("territory", ["42"], 40, 200, 400, 5_000);

    public static Scale Parse(string? value) => value switch
    {
        "national" => National,
        "territory" => Territory,
        _ => throw new BenchUsageException("--scale attend national ou territory."),
    };
}

/// <summary>
/// The "generate" verb: creates and migrates a database through the application's own services, imports the territory tree
/// with <see cref="TerritoryImporter"/>, then inserts quartiers, organizations, accounts with grants and audit entries
/// in batches inside one transaction. Same seed, same data.
/// </summary>
public static class Generator
{
    /// <summary>Password of every generated account (one hash, computed once and reused).</summary>
    public const string Password = "Bench-Maillage-2026";
    public const string AdminEmail = "admin@bench.maillage.test";
    private const int BatchSize = 5_000;

    /// <summary>Audit history and deactivations stay inside the default retention periods (12 months).</summary>
    private const int RecentDays = 330;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var scale = Scale.Parse(args.Get("scale"));
        var provider = args.Get("provider") ?? "Sqlite";
        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) && !provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            throw new BenchUsageException("--provider attend Sqlite ou Postgres.");
        }

        var isSqlite = provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase);
        var connection = args.Get("connection") ?? (isSqlite ? $"Data Source=/tmp/bench/{scale.Name}.db" : throw new BenchUsageException("--connection est obligatoire avec --provider Postgres."));
        var seed = args.GetInt("seed", 20261123);
        string? sqliteFile = null;
        if (isSqlite)
        {
            sqliteFile = Path.GetFullPath(new SqliteConnectionStringBuilder(connection).DataSource);
            connection = new SqliteConnectionStringBuilder(connection) { DataSource = sqliteFile }.ToString();
            if (File.Exists(sqliteFile))
            {
                if (!args.Flag("force"))
                {
                    throw new BenchUsageException($"{sqliteFile} existe déjà : ajoutez --force pour le remplacer.");
                }

                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(sqliteFile + suffix);
                }
            }

            Directory.CreateDirectory(Path.GetDirectoryName(sqliteFile)!);
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Bench", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = isSqlite ? "Sqlite" : "Postgres",
            ["ConnectionStrings:Default"] = connection,
            ["Database:MigrateAtStartup"] = "false",
            ["Demo:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
            ["Logging:Console:FormatterName"] = "simple",
        });
        builder.AddMaillageServices();
        await using var app = builder.Build();

        Console.WriteLine($"Génération « {scale.Name} » ({provider}, graine {seed}) : {(sqliteFile ?? "PostgreSQL")}");
        var total = Stopwatch.StartNew();
        var step = Stopwatch.StartNew();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.MigrateAsync();
            if (await db.Territories.AnyAsync() || await db.Users.AnyAsync())
            {
                throw new BenchUsageException("La base n'est pas vide : partez d'une base neuve (ou --force pour un fichier SQLite).");
            }
        }

        Report("migrations", step);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<TerritoryImporter>().ImportAsync(scale.Departements);
            Console.WriteLine($"  territoires importés : {result.Created} créés ({scale.Departements.Count} département(s))");
        }

        Report("import des territoires (TerritoryImporter)", step);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var passwordHash = services.GetRequiredService<IPasswordHasher<AppUser>>().HashPassword(new AppUser { DisplayName = "bench" }, Password);
            var data = new DataSet(new Random(seed), DateTimeOffset.UtcNow);
            await data.LoadTreeAsync(db);

            await using var tx = await db.Database.BeginTransactionAsync();
            await data.AddQuartersAsync(db, scale.Quarters);
            Report($"quartiers ({scale.Quarters})", step);
            await data.AddOrganizationsAsync(db, scale.Organizations);
            Report($"structures ({scale.Organizations})", step);
            await data.AddUsersAsync(db, scale.Users, passwordHash);
            Report($"comptes et droits ({scale.Users})", step);
            await data.AddAuditEntriesAsync(db, scale.AuditEntries);
            Report($"journal d'audit ({scale.AuditEntries})", step);
            await tx.CommitAsync();
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (isSqlite)
            {
                // Fold the WAL into the main file so its size is the size of the data set.
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            }

            Console.WriteLine();
            Console.WriteLine("Contenu de la base :");
            var kinds = await db.Territories.GroupBy(t => t.Kind).Select(g => new { Kind = g.Key, Count = g.Count() }).ToListAsync();
            foreach (var k in kinds.OrderBy(k => k.Kind))
            {
                Console.WriteLine($"  {"Territoires — " + Territory.KindLabel(k.Kind),-34} {k.Count,9:N0}");
            }

            Console.WriteLine($"  {"Structures",-34} {await db.Organizations.CountAsync(),9:N0}");
            Console.WriteLine($"  {"Comptes",-34} {await db.Users.CountAsync(),9:N0}");
            var roles = await db.Grants.GroupBy(g => g.Role).Select(g => new { Role = g.Key, Count = g.Count() }).ToListAsync();
            foreach (var r in roles.OrderBy(r => r.Role))
            {
                Console.WriteLine($"  {"Droits — " + r.Role,-34} {r.Count,9:N0}");
            }

            Console.WriteLine($"  {"Entrées du journal d'audit",-34} {await db.AuditEntries.CountAsync(),9:N0}");
        }

        Console.WriteLine();
        Console.WriteLine($"Durée totale : {total.Elapsed.TotalSeconds:F1} s");
        if (sqliteFile is not null)
        {
            Console.WriteLine($"Taille du fichier : {new FileInfo(sqliteFile).Length / 1024.0 / 1024.0:F1} Mio ({sqliteFile})");
        }

        Console.WriteLine($"Compte administrateur : {AdminEmail} / mot de passe de tous les comptes : {Password}");
        return 0;
    }

    private static void Report(string what, Stopwatch step)
    {
        Console.WriteLine($"  {what,-44} {step.Elapsed.TotalSeconds,7:F1} s");
        step.Restart();
    }

    /// <summary>The random but reproducible content, built on the imported territory tree.</summary>
    private sealed class DataSet(Random rng, DateTimeOffset now)
    {
        private sealed record Node(int Id, TerritoryKind Kind, string Code, string Name, string Path, int? Population, string? PostalCodes);

        private List<Node> departements = [];
        private List<Node> epcis = [];
        private List<Node> communes = [];
        private double[] communeWeights = [];
        private readonly Dictionary<int, List<int>> quartersByCommune = [];
        private readonly List<(int Id, int TerritoryId)> organizations = [];
        private readonly List<(string Id, string Email)> users = [];

        public async Task LoadTreeAsync(AppDbContext db)
        {
            var nodes = await db.Territories.AsNoTracking().OrderBy(t => t.Id)
                .Select(t => new Node(t.Id, t.Kind, t.Code, t.Name, t.Path, t.Population, t.PostalCodes)).ToListAsync();
            departements = nodes.Where(n => n.Kind == TerritoryKind.Departement).ToList();
            epcis = nodes.Where(n => n.Kind == TerritoryKind.Epci).ToList();
            communes = nodes.Where(n => n.Kind == TerritoryKind.Commune).ToList();

            // Organizations follow population, flattened so that small communes get some too.
            communeWeights = Cumulative(communes.Select(c => Math.Pow(Math.Max(c.Population ?? 0, 50), 0.75)));
        }

        public async Task AddQuartersAsync(AppDbContext db, int count)
        {
            // Quartiers go to the communes of 10 000 inhabitants or more, in proportion to their population.
            var towns = communes.Where(c => c.Population >= 10_000).ToList();
            if (towns.Count == 0)
            {
                towns = communes;
            }

            var weights = Cumulative(towns.Select(c => (double)(c.Population ?? 1)));
            var perCommune = new Dictionary<Node, List<Territory>>();
            for (var i = 0; i < count; i++)
            {
                var commune = towns[Pick(weights)];
                if (!perCommune.TryGetValue(commune, out var list))
                {
                    perCommune[commune] = list = [];
                }

                var code = commune.Code + "-Q" + (list.Count + 1).ToString("00", CultureInfo.InvariantCulture);
                var baseName = Names.Quarters[list.Count % Names.Quarters.Length];
                var name = list.Count < Names.Quarters.Length ? baseName : $"{baseName} {list.Count / Names.Quarters.Length + 1}";
                var quarter = new Territory
                {
                    Kind = TerritoryKind.Quartier,
                    Code = code,
                    Name = name,
                    ParentId = commune.Id,
                    Path = commune.Path + Territory.Segment(TerritoryKind.Quartier, code) + "/",
                    IsPriorityArea = rng.NextDouble() < 0.45,
                    Population = rng.Next(1_500, 15_000),
                };
                list.Add(quarter);
                db.Territories.Add(quarter);
            }

            await db.SaveChangesAsync();
            foreach (var (commune, list) in perCommune)
            {
                quartersByCommune[commune.Id] = list.Select(q => q.Id).ToList();
            }

            db.ChangeTracker.Clear();
        }

        public async Task AddOrganizationsAsync(AppDbContext db, int count)
        {
            var sirens = new HashSet<string>(StringComparer.Ordinal);
            var rnas = new HashSet<string>(StringComparer.Ordinal);
            var added = new List<Organization>(count);
            for (var i = 0; i < count; i++)
            {
                var commune = communes[Pick(communeWeights)];
                var kind = Names.OrganizationKinds[Pick(Names.OrganizationKindWeights)];
                var isAssociation = kind == OrganizationKind.Association;
                var territoryId = quartersByCommune.TryGetValue(commune.Id, out var quarters) && rng.NextDouble() < 0.6
                    ? quarters[rng.Next(quarters.Count)]
                    : commune.Id;
                var org = new Organization
                {
                    Name = OrganizationName(kind, commune.Name, i),
                    Kind = kind,
                    Siret = !isAssociation || rng.NextDouble() < 0.5 ? DemoSeeder.DemoSiret(NewSiren(sirens)) : null,
                    Rna = isAssociation ? NewRna(rnas) : null,
                    Address = $"{rng.Next(1, 180)} {Names.Streets[rng.Next(Names.Streets.Length)]}",
                    PostalCode = commune.PostalCodes?.Split(',')[0] is { Length: 5 } cp ? cp : null,
                    CommuneId = commune.Id,
                    TerritoryId = territoryId,
                    IsActive = rng.NextDouble() < 0.95,
                    CreatedAt = RandomPast(3 * 365),
                };
                if (org.Siret is not null && FrenchIdentifiers.SiretError(org.Siret) is { } error)
                {
                    throw new InvalidOperationException($"SIRET généré invalide {org.Siret} : {error}");
                }

                db.Organizations.Add(org);
                added.Add(org);
                if (added.Count % BatchSize == 0)
                {
                    await db.SaveChangesAsync();
                }
            }

            await db.SaveChangesAsync();
            organizations.AddRange(added.Select(o => (o.Id, o.TerritoryId)));
            db.ChangeTracker.Clear();
        }

        public async Task AddUsersAsync(AppDbContext db, int count, string passwordHash)
        {
            var pending = 0;
            for (var i = 0; i < count; i++)
            {
                var first = Names.FirstNames[rng.Next(Names.FirstNames.Length)];
                var last = Names.LastNames[rng.Next(Names.LastNames.Length)];
                var email = i == 0 ? AdminEmail : $"{Ascii(first)}.{Ascii(last)}.{i}@bench.maillage.test";
                var user = new AppUser
                {
                    Id = NewGuid().ToString(),
                    UserName = email,
                    NormalizedUserName = email.ToUpperInvariant(),
                    Email = email,
                    NormalizedEmail = email.ToUpperInvariant(),
                    EmailConfirmed = true,
                    PasswordHash = passwordHash,
                    SecurityStamp = NewGuid().ToString("N").ToUpperInvariant(),
                    ConcurrencyStamp = NewGuid().ToString(),
                    LockoutEnabled = true,
                    DisplayName = i == 0 ? "Administration (banc d'essai)" : $"{first} {last}",
                    IsActive = i == 0 || rng.NextDouble() < 0.95,
                    CreatedAt = RandomPast(3 * 365),
                };
                user.LastLoginAt = rng.NextDouble() < 0.7 ? RandomPast(90) : null;
                if (!user.IsActive)
                {
                    // Deactivated within the retention period, so that the retention job started with the app deletes nothing.
                    user.DeactivatedAt = RandomPast(RecentDays);
                    user.CreatedAt = user.CreatedAt < user.DeactivatedAt ? user.CreatedAt : user.DeactivatedAt.Value.AddDays(-30);
                }

                var role = i == 0 ? Role.Administrateur : RandomRole();
                var grant = new Grant { UserId = user.Id, Role = role, GrantedAt = user.CreatedAt };
                if (Roles.IsOrganizationRole(role))
                {
                    grant.OrganizationId = organizations[rng.Next(organizations.Count)].Id;
                }
                else if (role != Role.Administrateur)
                {
                    grant.TerritoryId = RandomScopeTerritory();
                }

                db.Users.Add(user);
                db.Grants.Add(grant);
                users.Add((user.Id, email));
                if (++pending == BatchSize)
                {
                    await db.SaveChangesAsync();
                    db.ChangeTracker.Clear();
                    pending = 0;
                }
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        public async Task AddAuditEntriesAsync(AppDbContext db, int count)
        {
            // The history the retention job keeps (12 months by default), in chronological order as the application wrote it:
            // older entries would be deleted by the first start of the app and the data set would change between runs.
            var times = new long[count];
            for (var i = 0; i < count; i++)
            {
                times[i] = RandomPast(RecentDays).UtcTicks;
            }

            Array.Sort(times);
            var pending = 0;
            for (var i = 0; i < count; i++)
            {
                var (userId, email) = users[rng.Next(users.Count)];
                var action = Names.AuditActionList[Pick(Names.AuditActionWeights)];
                var (targetType, targetId, details) = action switch
                {
                    AuditActions.OrganizationCreated or AuditActions.OrganizationUpdated =>
                        ("structure", organizations[rng.Next(organizations.Count)].Id.ToString(CultureInfo.InvariantCulture), action == AuditActions.OrganizationUpdated ? "Nom, adresse" : null),
                    AuditActions.Export => ("structure", null, "Export CSV des structures"),
                    AuditActions.GrantAdded or AuditActions.GrantRemoved => ("utilisateur", users[rng.Next(users.Count)].Id, Roles.Label(RandomRole())),
                    AuditActions.InvitationSent => ("invitation", rng.Next(1, 20_000).ToString(CultureInfo.InvariantCulture), null),
                    _ => ("utilisateur", userId, null),
                };
                db.AuditEntries.Add(new AuditEntry
                {
                    At = new DateTimeOffset(times[i], TimeSpan.Zero),
                    ActorId = userId,
                    ActorName = email,
                    Action = action,
                    TargetType = targetType,
                    TargetId = targetId,
                    Details = details,
                });
                if (++pending == BatchSize)
                {
                    await db.SaveChangesAsync();
                    db.ChangeTracker.Clear();
                    pending = 0;
                }
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        private Role RandomRole()
        {
            var r = rng.NextDouble();
            return r switch
            {
                < 0.002 => Role.Administrateur,
                < 0.062 => Role.Coordinateur,
                < 0.662 => Role.Conseiller,
                < 0.912 => Role.Structure,
                _ => Role.Lecteur,
            };
        }

        /// <summary>Coordinators and readers work at département, EPCI or commune level.</summary>
        private int RandomScopeTerritory()
        {
            var r = rng.NextDouble();
            return r switch
            {
                < 0.3 => departements[rng.Next(departements.Count)].Id,
                < 0.6 when epcis.Count > 0 => epcis[rng.Next(epcis.Count)].Id,
                _ => communes[Pick(communeWeights)].Id,
            };
        }

        private string OrganizationName(OrganizationKind kind, string commune, int index) => kind switch
        {
            OrganizationKind.Ville => $"Ville de {commune}",
            OrganizationKind.Ccas => $"CCAS de {commune}",
            OrganizationKind.Intercommunalite => $"Communauté de communes autour de {commune}",
            OrganizationKind.Departement => $"Conseil départemental — antenne de {commune}",
            OrganizationKind.FranceServices => $"France Services {commune}",
            OrganizationKind.Bibliotheque => $"Médiathèque {Names.LastNames[rng.Next(Names.LastNames.Length)]} ({commune})",
            OrganizationKind.MaisonDesHabitants => $"Maison des habitants de {commune}",
            OrganizationKind.MissionLocale => $"Mission locale de {commune}",
            OrganizationKind.Etablissement => $"Établissement public {commune}",
            OrganizationKind.Entreprise => $"{Names.LastNames[rng.Next(Names.LastNames.Length)]} Numérique SARL",
            OrganizationKind.Association => $"{Names.AssociationPrefixes[rng.Next(Names.AssociationPrefixes.Length)]} {commune} n° {index}",
            _ => $"Structure {index} de {commune}",
        };

        /// <summary>A random 9-digit SIREN with its Luhn key, never La Poste's, never twice.</summary>
        private string NewSiren(HashSet<string> used)
        {
            while (true)
            {
                var body = rng.Next(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture);
                for (var key = 0; key < 10; key++)
                {
                    var siren = body + key.ToString(CultureInfo.InvariantCulture);
                    if (FrenchIdentifiers.SirenError(siren) is null)
                    {
                        if (!siren.StartsWith("356000000", StringComparison.Ordinal) && used.Add(siren))
                        {
                            return siren;
                        }

                        break;
                    }
                }
            }
        }

        private string NewRna(HashSet<string> used)
        {
            while (true)
            {
                const string second = "0123456789AB";
                var rna = "W" + rng.Next(10).ToString(CultureInfo.InvariantCulture) + second[rng.Next(second.Length)] + rng.Next(0, 10_000_000).ToString("0000000", CultureInfo.InvariantCulture);
                if (FrenchIdentifiers.RnaError(rna) is null && used.Add(rna))
                {
                    return rna;
                }
            }
        }

        private DateTimeOffset RandomPast(int days) => now.AddSeconds(-rng.NextDouble() * days * 86_400);

        private Guid NewGuid()
        {
            Span<byte> bytes = stackalloc byte[16];
            rng.NextBytes(bytes);
            return new Guid(bytes);
        }

        private int Pick(double[] cumulative)
        {
            var x = rng.NextDouble() * cumulative[^1];
            var i = Array.BinarySearch(cumulative, x);
            return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
        }
    }

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var result = weights.ToArray();
        for (var i = 1; i < result.Length; i++)
        {
            result[i] += result[i - 1];
        }

        return result;
    }

    /// <summary>Lower-case ASCII for e-mail local parts ("Élodie" → "elodie").</summary>
    private static string Ascii(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (c is ' ' or '-' or '\'')
            {
                sb.Append('-');
            }
        }

        return sb.ToString();
    }
}
