using System.Diagnostics;
using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux;
using Maillage.Features.Structures;
using Maillage.Features.Territoires;
using Maillage.Shared.Text;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Bench;

/// <summary>
/// The "activities-generate" verb: a migrated database at national scale for issue 4 (about 4 000 advisors in 1 200
/// organizations, a few of them big, their places and named files, then N activity records over the last 12 months), loaded
/// in bulk (SQLite prepared multi-row INSERTs, PostgreSQL binary COPY) with the secondary indexes of Activities built after.
/// Same seed, same data (the dates are relative to the day of the generation).
/// </summary>
public static class Activities
{
    public const string DefaultDatabase = "/tmp/bench/activities.db";
    public const string Password = "Bench-Maillage-2026";
    public const string PlaceSource = "banc-activites";
    private const int AdvisorCount = 4_000;
    private const int OrganizationCount = 1_200;
    private const int FilesPerAdvisor = 5;
    private const int BatchSize = 5_000;

    /// <summary>Advisors of the biggest organizations (a city's unit, a département's network…): the first one records ~60 000 a year.</summary>
    private static readonly int[] BigOrganizations = [48, 44, 40, 36, 32, 30, 28, 25, 22, 20];

    public static async Task<int> GenerateAsync(BenchArgs args)
    {
        var count = args.GetInt("count", 5_000_000);
        var seed = args.GetInt("seed", 20261123);
        var (isSqlite, connection, sqliteFile) = BenchTarget.Resolve(args, DefaultDatabase, fresh: true);
        await using var app = BenchTarget.BuildApp(isSqlite, connection);
        Console.WriteLine($"Génération de {count:N0} activités ({(isSqlite ? "Sqlite" : "Postgres")}, graine {seed}) : {sqliteFile ?? "PostgreSQL"}");
        Console.WriteLine($"Charge de la machine au début (loadavg 1/5/15 min) : {ColdStart.LoadAverage()}");
        var total = Stopwatch.StartNew();
        var step = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.MigrateAsync();
            if (await db.Territories.AnyAsync() || await db.Activities.AnyAsync())
            {
                throw new BenchUsageException("La base n'est pas vide : partez d'une base neuve (ou --force pour un fichier SQLite).");
            }
        }

        Report("migrations", step);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<TerritoryImporter>().ImportAsync(CommuneResource.DepartementCodes);
            Console.WriteLine($"  territoires importés : {result.Created:N0} créés (les {CommuneResource.DepartementCodes.Count} départements)");
        }

        Report("import des territoires (TerritoryImporter)", step);

        var rng = new Random(seed);
        var today = DateOnly.FromDateTime(ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime);
        Network network;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var hash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>().HashPassword(new AppUser { DisplayName = "bench" }, Password);
            network = await Network.CreateAsync(db, rng, hash, today);
        }

        Report($"structures, lieux, conseillers, fiches ({network.Organizations.Count:N0} / {network.PlaceCount:N0} / {network.Advisors.Count:N0} / {network.FileCount:N0})", step);

        var indexes = await DropIndexesAsync(app, isSqlite);
        Report($"index secondaires d'Activities retirés ({indexes.Count})", step);

        var counts = new List<CountRow>();
        var participants = new List<ParticipantRow>();
        await using (var writer = isSqlite ? (IActivityBulkWriter)await SqliteActivityWriter.OpenAsync(connection) : await PostgresActivityWriter.OpenAsync(connection))
        {
            var generator = new RecordGenerator(rng, network);
            long id = 0;
            foreach (var (day, perDay) in Days(today, count))
            {
                for (var i = 0; i < perDay; i++)
                {
                    await writer.AddAsync(generator.Next(++id, day, counts, participants));
                }
            }

            await writer.FinishAsync(counts, participants);
        }

        Report($"activités insérées ({count:N0}, + {counts.Count:N0} décomptes, {participants.Count:N0} participants nommés)", step);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            foreach (var sql in indexes)
            {
                await db.Database.ExecuteSqlRawAsync(sql);
            }

            Report("index secondaires reconstruits", step);
            await db.Database.ExecuteSqlRawAsync("""
                UPDATE "Beneficiaries" SET "LastActivityOn" = (SELECT MAX(a."Date") FROM "Activities" a WHERE a."BeneficiaryId" = "Beneficiaries"."Id")
                """);
            if (!isSqlite)
            {
                // Explicit ids were copied in: move the identity sequences past them so that the application's inserts work.
                await db.Database.ExecuteSqlRawAsync("""SELECT setval(pg_get_serial_sequence('"Activities"', 'Id'), (SELECT MAX("Id") FROM "Activities"))""");
                await db.Database.ExecuteSqlRawAsync("""SELECT setval(pg_get_serial_sequence('"Beneficiaries"', 'Id'), (SELECT MAX("Id") FROM "Beneficiaries"))""");
            }

            // The planner's statistics, as a database in service has them (PostgreSQL's autovacuum; SQLite's ANALYZE).
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
            if (isSqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            }

            Report("dernière activité des fiches, ANALYZE", step);

            Console.WriteLine();
            var from = today.AddDays(-365);
            var biggest = network.Organizations[0];
            Console.WriteLine($"Activités dans la base : {await db.Activities.CountAsync():N0} (dont supprimées : {await db.Activities.CountAsync(a => a.DeletedAt != null):N0})");
            Console.WriteLine($"Personnes accompagnées (somme des participants) : {await db.Activities.Where(a => a.DeletedAt == null).SumAsync(a => (long)a.ParticipantCount):N0}");
            Console.WriteLine($"Plus grande structure : n° {biggest.Id}, {biggest.Advisors} conseillers, {await db.Activities.CountAsync(a => a.OrganizationId == biggest.Id && a.DeletedAt == null && a.Date >= from):N0} activités sur 12 mois");
            Console.WriteLine($"Période : du {from:dd/MM/yyyy} au {today.AddDays(-1):dd/MM/yyyy}");
        }

        Console.WriteLine($"Durée totale : {total.Elapsed.TotalSeconds:F1} s");
        if (sqliteFile is not null)
        {
            Console.WriteLine($"Taille du fichier : {new FileInfo(sqliteFile).Length / 1024.0 / 1024.0:F1} Mio ({sqliteFile})");
        }

        Console.WriteLine($"Comptes : conseiller.<n>@{Network.EmailDomain} / mot de passe : {Password}");
        Console.WriteLine($"Charge de la machine à la fin (loadavg 1/5/15 min) : {ColdStart.LoadAverage()}");
        return 0;
    }

    /// <summary>How many records each of the last 365 days gets: weekdays full, Saturdays a quarter, Sundays almost none, August slower.</summary>
    private static IEnumerable<(DateOnly Day, int Count)> Days(DateOnly today, int count)
    {
        var days = Enumerable.Range(1, 365).Select(i => today.AddDays(-366 + i)).ToList();
        var weights = days.Select(d => (d.Month == 8 ? 0.6 : 1.0) * (d.DayOfWeek switch
        {
            DayOfWeek.Sunday => 0.02,
            DayOfWeek.Saturday => 0.25,
            _ => 1.0,
        })).ToList();
        var sum = weights.Sum();
        var given = 0;
        var acc = 0.0;
        for (var i = 0; i < days.Count; i++)
        {
            acc += weights[i];
            var upTo = i == days.Count - 1 ? count : (int)Math.Round(count * acc / sum);
            yield return (days[i], upTo - given);
            given = upTo;
        }
    }

    /// <summary>Drops the secondary indexes of Activities (a bulk load into a bare table is several times faster) and returns their DDL.</summary>
    private static async Task<List<string>> DropIndexesAsync(WebApplication app, bool isSqlite)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var found = new List<(string Name, string Sql)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = isSqlite
                ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Activities' AND sql IS NOT NULL"
                : "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'Activities' AND indexname <> 'PK_Activities'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in found)
        {
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP INDEX \"{name}\"";
            await drop.ExecuteNonQueryAsync();
        }

        return [.. found.Select(f => f.Sql)];
    }

    private static void Report(string what, Stopwatch step)
    {
        Console.WriteLine($"  {what,-70} {step.Elapsed.TotalSeconds,7:F1} s");
        step.Restart();
    }

    /// <summary>An organization of the generated network: its commune, places, advisors and named files.</summary>
    public sealed record Org(int Id, string CommuneCode, int Advisors, List<int> Places, List<long> Files);

    public sealed record Advisor(string Id, Org Org, int HomePlace, List<long> Files);

    /// <summary>Organizations (the big ones in the most populous communes), their places, advisor accounts with a Conseiller grant, named files.</summary>
    public sealed class Network
    {
        public const string EmailDomain = "bench.maillage.test";

        public List<Org> Organizations { get; } = [];
        public List<Advisor> Advisors { get; } = [];
        public double[] AdvisorWeights { get; private set; } = [];
        public int PlaceCount { get; private set; }
        public int FileCount { get; private set; }

        public static async Task<Network> CreateAsync(AppDbContext db, Random rng, string passwordHash, DateOnly today)
        {
            var network = new Network();
            var communes = await db.Territories.AsNoTracking().Where(t => t.Kind == TerritoryKind.Commune)
                .Select(t => new { t.Id, t.Code, t.Name, t.Population, t.PostalCodes }).ToListAsync();
            var byPopulation = communes.OrderByDescending(c => c.Population ?? 0).ToList();
            var weights = ActivityMix.Cumulative(communes.Select(c => Math.Pow(Math.Max(c.Population ?? 0, 50), 0.75)));
            var now = DateTimeOffset.UtcNow;

            // Advisors per organization: the big ones first, then one each and the rest spread at random (1 to ~10).
            var sizes = new int[OrganizationCount];
            for (var i = 0; i < OrganizationCount; i++)
            {
                sizes[i] = i < BigOrganizations.Length ? BigOrganizations[i] : 1;
            }

            for (var left = AdvisorCount - sizes.Sum(); left > 0; left--)
            {
                var i = BigOrganizations.Length + (int)(Math.Pow(rng.NextDouble(), 1.6) * (OrganizationCount - BigOrganizations.Length));
                sizes[i]++;
            }

            var organizations = new List<(Organization Entity, string CommuneCode, int Size)>();
            for (var i = 0; i < OrganizationCount; i++)
            {
                var commune = i < BigOrganizations.Length ? byPopulation[i] : communes[ActivityMix.Pick(rng, weights)];
                var kind = i < BigOrganizations.Length ? OrganizationKind.Ville : Names.OrganizationKinds[ActivityMix.Pick(rng, Names.OrganizationKindWeights)];
                var entity = new Organization
                {
                    Name = i < BigOrganizations.Length ? $"Ville de {commune.Name} — réseau d'inclusion numérique" : $"{Names.AssociationPrefixes[rng.Next(Names.AssociationPrefixes.Length)]} {commune.Name} n° {i}",
                    Kind = kind,
                    Address = $"{rng.Next(1, 180)} {Names.Streets[rng.Next(Names.Streets.Length)]}",
                    PostalCode = commune.PostalCodes?.Split(',')[0] is { Length: 5 } cp ? cp : null,
                    CommuneId = commune.Id,
                    TerritoryId = commune.Id,
                    CreatedAt = now.AddDays(-rng.Next(400, 1500)),
                };
                db.Organizations.Add(entity);
                organizations.Add((entity, commune.Code, sizes[i]));
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            var places = new List<Place>();
            foreach (var (entity, communeCode, size) in organizations)
            {
                var org = new Org(entity.Id, communeCode, size, [], []);
                network.Organizations.Add(org);
                var commune = communes.First(c => c.Code == communeCode);
                var placeCount = size >= 20 ? 8 + size / 10 : rng.Next(1, 4);
                for (var p = 0; p < placeCount; p++)
                {
                    var place = new Place
                    {
                        ImportSource = PlaceSource,
                        SourceId = $"{entity.Id}-{p}",
                        Name = $"Espace numérique {p + 1} — {commune.Name}",
                        Pivot = "00000000000000",
                        CommuneName = commune.Name,
                        PostalCode = entity.PostalCode ?? "00000",
                        InseeCode = commune.Code,
                        Address = $"{rng.Next(1, 180)} {Names.Streets[rng.Next(Names.Streets.Length)]}",
                        Kind = p == 0 ? PlaceKind.EpnQuartier : PlaceKind.EpnThematique,
                        OrganizationId = entity.Id,
                        CommuneId = commune.Id,
                        IsPublished = true,
                        CreatedAt = entity.CreatedAt,
                        ModifiedAt = entity.CreatedAt,
                    };
                    db.Places.Add(place);
                    places.Add(place);
                }

                network.PlaceCount += placeCount;
            }

            await db.SaveChangesAsync();
            foreach (var place in places)
            {
                network.Organizations.First(o => o.Id == place.OrganizationId).Places.Add(place.Id);
            }

            db.ChangeTracker.Clear();

            var n = 0;
            var fileId = 0L;
            var advisorWeights = new List<double>();
            foreach (var org in network.Organizations)
            {
                for (var a = 0; a < org.Advisors; a++)
                {
                    n++;
                    var first = Names.FirstNames[rng.Next(Names.FirstNames.Length)];
                    var last = Names.LastNames[rng.Next(Names.LastNames.Length)];
                    var email = $"conseiller.{n}@{EmailDomain}";
                    var user = new AppUser
                    {
                        Id = new Guid(Bytes(rng)).ToString(),
                        UserName = email,
                        NormalizedUserName = email.ToUpperInvariant(),
                        Email = email,
                        NormalizedEmail = email.ToUpperInvariant(),
                        EmailConfirmed = true,
                        PasswordHash = passwordHash,
                        SecurityStamp = new Guid(Bytes(rng)).ToString("N").ToUpperInvariant(),
                        ConcurrencyStamp = new Guid(Bytes(rng)).ToString(),
                        LockoutEnabled = true,
                        DisplayName = $"{first} {last}",
                        CreatedAt = now.AddDays(-rng.Next(380, 1200)),
                    };
                    db.Users.Add(user);
                    db.Grants.Add(new Grant { UserId = user.Id, Role = Role.Conseiller, OrganizationId = org.Id, GrantedAt = user.CreatedAt });
                    var advisor = new Advisor(user.Id, org, rng.Next(org.Places.Count), []);
                    network.Advisors.Add(advisor);
                    advisorWeights.Add(0.6 + 0.8 * rng.NextDouble());

                    for (var f = 0; f < FilesPerAdvisor; f++)
                    {
                        var fFirst = Names.FirstNames[rng.Next(Names.FirstNames.Length)];
                        var fLast = Names.LastNames[rng.Next(Names.LastNames.Length)];
                        var consent = now.AddDays(-rng.Next(30, 365));
                        db.Beneficiaries.Add(new Beneficiary
                        {
                            Id = ++fileId,
                            OrganizationId = org.Id,
                            FirstName = fFirst,
                            LastName = fLast,
                            SearchName = TextFold.Fold($"{fFirst} {fLast}"),
                            Phone = $"06{rng.Next(10_000_000, 99_999_999)}",
                            BirthYear = today.Year - rng.Next(16, 90),
                            CommuneCode = org.CommuneCode,
                            Gender = (Gender)rng.Next(0, 3),
                            Status = (BeneficiaryStatus)rng.Next(0, 5),
                            ConsentAt = consent,
                            ConsentById = user.Id,
                            ConsentPurpose = "Suivre vos accompagnements numériques d'une fois sur l'autre (banc d'essai).",
                            CreatedById = user.Id,
                            CreatedAt = consent,
                            ModifiedAt = consent,
                        });
                        advisor.Files.Add(fileId);
                        org.Files.Add(fileId);
                    }

                    if (n % BatchSize == 0)
                    {
                        await db.SaveChangesAsync();
                        db.ChangeTracker.Clear();
                    }
                }
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            network.FileCount = (int)fileId;
            network.AdvisorWeights = ActivityMix.Cumulative(advisorWeights);
            return network;
        }

        private static byte[] Bytes(Random rng)
        {
            var bytes = new byte[16];
            rng.NextBytes(bytes);
            return bytes;
        }
    }

    /// <summary>Draws one record at a time: advisor by weight, type, duration, where, equipment, themes, beneficiary, workshop.</summary>
    private sealed class RecordGenerator(Random rng, Network network)
    {
        private readonly double[] themeWeights = ActivityMix.Cumulative(ActivityMix.Themes.Select(t => t.Weight));
        private readonly double[] familyWeights = ActivityMix.Cumulative(ActivityMix.Families.Select(t => t.Weight));
        private readonly double[] durationWeights = ActivityMix.Cumulative(ActivityMix.IndividualDurations.Select(t => t.Weight));
        private readonly double[] ageWeights = ActivityMix.Cumulative(ActivityMix.AgeBands.Select(t => t.Weight));
        private readonly double[] statusWeights = ActivityMix.Cumulative(ActivityMix.Statuses.Select(t => t.Weight));

        public ActivityBulkRow Next(long id, DateOnly day, List<CountRow> counts, List<ParticipantRow> participants)
        {
            var advisor = network.Advisors[ActivityMix.Pick(rng, network.AdvisorWeights)];
            var org = advisor.Org;
            var r = rng.NextDouble();
            var type = r < 0.70 ? ActivityType.Individual : r < 0.78 ? ActivityType.Collective : ActivityType.QuickRequest;
            var created = day.ToDateTime(new TimeOnly(7, 30), DateTimeKind.Utc).Ticks + rng.NextInt64(TimeSpan.TicksPerHour * 10);
            var row = new ActivityBulkRow
            {
                Id = id,
                Type = type,
                Date = day,
                AdvisorId = advisor.Id,
                OrganizationId = org.Id,
                CreatedAtTicks = created,
            };

            var where = rng.NextDouble();
            row.Location = type switch
            {
                ActivityType.Individual => where < 0.82 ? ActivityLocation.Place : where < 0.87 ? ActivityLocation.Home : where < 0.95 ? ActivityLocation.Remote : ActivityLocation.OtherPlace,
                ActivityType.Collective => where < 0.9 ? ActivityLocation.Place : ActivityLocation.OtherPlace,
                _ => where < 0.7 ? ActivityLocation.Place : ActivityLocation.Remote,
            };
            if (row.Location == ActivityLocation.Place)
            {
                // Each advisor works mostly in one place of their organization (their « home » place).
                var places = org.Places;
                row.PlaceId = places[rng.NextDouble() < 0.7 ? advisor.HomePlace : rng.Next(places.Count)];
            }
            else if (row.Location is ActivityLocation.Home or ActivityLocation.OtherPlace)
            {
                row.LocationCommuneCode = org.CommuneCode;
            }

            var e = rng.NextDouble();
            switch (type)
            {
                case ActivityType.Individual:
                    row.DurationMinutes = ActivityMix.IndividualDurations[ActivityMix.Pick(rng, durationWeights)].Minutes;
                    row.Equipment = e < 0.5 ? ActivityEquipment.Computer : e < 0.82 ? ActivityEquipment.Phone : e < 0.92 ? ActivityEquipment.Tablet : e < 0.96 ? ActivityEquipment.Computer | ActivityEquipment.Phone : ActivityEquipment.NoEquipment;
                    Themes(ref row, 0.45);
                    row.Autonomy = rng.NextDouble() < 0.85 ? (Autonomy)rng.Next(1, 4) : null;
                    row.ParticipantCount = 1;
                    row.BeneficiaryAgeBand = ActivityMix.AgeBands[ActivityMix.Pick(rng, ageWeights)].Band;
                    row.BeneficiaryGender = (Gender)(rng.NextDouble() < 0.15 ? 0 : rng.NextDouble() < 0.58 ? 1 : 2);
                    row.BeneficiaryStatus = ActivityMix.Statuses[ActivityMix.Pick(rng, statusWeights)].Status;
                    row.BeneficiaryCommuneCode = rng.NextDouble() < 0.7 ? org.CommuneCode : null;
                    if (rng.NextDouble() < 0.03)
                    {
                        row.BeneficiaryId = advisor.Files[rng.Next(advisor.Files.Count)];
                    }

                    if (rng.NextDouble() < 0.08)
                    {
                        row.Referral = (ReferralTarget)rng.Next(1, 7);
                    }

                    break;
                case ActivityType.Collective:
                    row.DurationMinutes = rng.NextDouble() < 0.5 ? 90 : rng.NextDouble() < 0.6 ? 120 : 60;
                    row.Equipment = e < 0.6 ? ActivityEquipment.Computer : e < 0.85 ? ActivityEquipment.Tablet : ActivityEquipment.Phone;
                    var (title, theme) = ActivityMix.Workshops[rng.Next(ActivityMix.Workshops.Length)];
                    row.WorkshopTitle = title;
                    row.Themes = theme;
                    row.WorkshopLevel = (WorkshopLevel)(rng.NextDouble() < 0.6 ? 1 : rng.NextDouble() < 0.75 ? 2 : 3);
                    Workshop(ref row, advisor, counts, participants);
                    break;
                default:
                    row.DurationMinutes = rng.Next(1, 4) * 5;
                    row.Equipment = e < 0.5 ? ActivityEquipment.Phone : ActivityEquipment.NoEquipment;
                    Themes(ref row, 0.35);
                    break;
            }

            if (rng.NextDouble() < 0.005)
            {
                row.DeletedAtTicks = created + TimeSpan.TicksPerHour;
                row.DeletedById = advisor.Id;
            }

            return row;
        }

        private void Themes(ref ActivityBulkRow row, double procedures)
        {
            if (rng.NextDouble() < procedures)
            {
                row.Themes = ActivityTheme.AdministrativeProcedures;
                row.ProcedureFamilies = ActivityMix.Families[ActivityMix.Pick(rng, familyWeights)].Family;
                if (rng.NextDouble() < 0.2)
                {
                    row.ProcedureFamilies |= ActivityMix.Families[ActivityMix.Pick(rng, familyWeights)].Family;
                }

                if (rng.NextDouble() < 0.4)
                {
                    row.ProcedureName = ActivityMix.Procedures[rng.Next(ActivityMix.Procedures.Length)];
                }

                if (rng.NextDouble() < 0.2)
                {
                    row.Themes |= ActivityMix.Themes[ActivityMix.Pick(rng, themeWeights)].Theme;
                }

                return;
            }

            row.Themes = ActivityMix.Themes[ActivityMix.Pick(rng, themeWeights)].Theme;
            if (rng.NextDouble() < 0.3)
            {
                row.Themes |= ActivityMix.Themes[ActivityMix.Pick(rng, themeWeights)].Theme;
            }
        }

        /// <summary>3 to 12 participants, a few named ones, the anonymous ones counted along age, gender, status and « déjà accompagné ».</summary>
        private void Workshop(ref ActivityBulkRow row, Advisor advisor, List<CountRow> counts, List<ParticipantRow> participants)
        {
            var total = rng.Next(3, 13);
            var named = rng.NextDouble() < 0.1 ? Math.Min(rng.Next(1, 3), total) : 0;
            foreach (var file in advisor.Files.OrderBy(_ => rng.Next()).Take(named))
            {
                participants.Add(new ParticipantRow(row.Id, file));
            }

            var anonymous = total - named;
            row.ParticipantCount = total;
            if (anonymous == 0)
            {
                return;
            }

            counts.Add(new CountRow(row.Id, ParticipantDimension.Total, 0, anonymous));
            Split(row.Id, ParticipantDimension.AgeBand, anonymous, [.. ActivityMix.AgeBands.Select(a => (int)a.Band).Where(b => b != 0)], counts);
            Split(row.Id, ParticipantDimension.Gender, anonymous, [1, 2], counts);
            if (rng.NextDouble() < 0.6)
            {
                Split(row.Id, ParticipantDimension.Status, anonymous, [1, 2, 3, 4], counts);
            }

            var already = rng.Next(0, anonymous + 1);
            if (already > 0)
            {
                counts.Add(new CountRow(row.Id, ParticipantDimension.AlreadyAccompanied, 1, already));
            }
        }

        private void Split(long id, ParticipantDimension dimension, int people, int[] values, List<CountRow> counts)
        {
            var split = new SortedDictionary<int, int>();
            for (var i = 0; i < people; i++)
            {
                var value = values[rng.Next(values.Length)];
                split[value] = split.GetValueOrDefault(value) + 1;
            }

            counts.AddRange(split.Select(s => new CountRow(id, dimension, s.Key, s.Value)));
        }
    }
}
