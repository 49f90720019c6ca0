using System.Diagnostics;
using System.Globalization;
using Maillage.Data;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Export;
using Maillage.Features.Lieux.Import;
using Maillage.Features.Lieux.Search;
using Maillage.Features.Lieux.Standard;
using Maillage.Features.Territoires;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Bench;

/// <summary>
/// The places verbs: "places-generate" fills a database with published places spread over France's communes and writes a CSV v1
/// file; "places-search", "places-import" and "places-export" time <see cref="PlaceSearchQuery"/>, <see cref="PlaceImporter"/> and
/// <see cref="PlaceExporter"/> in-process, through the application's own services (same code path as the API and the command line).
/// </summary>
public static class Places
{
    public const string DefaultDatabase = "/tmp/bench/places.db";
    public const string DefaultCsv = "/tmp/bench/places-20000.csv";
    public const string Source = "banc-lieux";
    private const int CsvCount = 20_000;
    private const int BatchSize = 5_000;

    /// <summary>Territories imported in the generated database (the places of these départements get their commune node).</summary>
    private static readonly string[] ImportedDepartements = ["42", "69", "75", "13", "59"];

    /// <summary>The instant of "open now" (a Tuesday morning, Paris time), fixed so that two runs count the same places.</summary>
    private static readonly DateTimeOffset DefaultNow = new(2026, 11, 24, 10, 30, 0, TimeSpan.FromHours(1));

    private static readonly string[] Hours =
    [
        "Mo-Fr 09:00-12:00,14:00-18:00",
        "Mo-Fr 09:00-17:00",
        "Tu-Sa 10:00-12:30,13:30-18:00",
        "Mo,We,Fr 14:00-18:00",
        "Tu,Th 09:00-12:00; Sa 09:00-12:00",
        "Mo-Th 08:30-12:00,13:30-17:00; Fr 08:30-12:00",
        "We 10:00-12:00,14:00-18:00; Sa 10:00-12:00",
        "Mo-Fr 13:30-18:00",
        "Tu-Fr 10:00-18:00; Sa 10:00-17:00; PH off",
        "Mo-Fr 08:30-12:00,13:30-16:30; PH off",
    ];

    public static async Task<int> GenerateAsync(BenchArgs args)
    {
        var count = args.GetInt("count", 50_000);
        var seed = args.GetInt("seed", 20261123);
        var csvPath = Path.GetFullPath(args.Get("csv") ?? DefaultCsv);
        var (isSqlite, connection, sqliteFile) = BenchTarget.Resolve(args, DefaultDatabase, fresh: true, "places-generate");
        await using var app = BenchTarget.BuildApp(isSqlite, connection);
        Console.WriteLine($"Génération de {count:N0} lieux ({(isSqlite ? "Sqlite" : "Postgres")}, graine {seed}) : {sqliteFile ?? "PostgreSQL"}");
        Console.WriteLine($"Charge de la machine au début (loadavg 1/5/15 min) : {LoadAverage()}");
        var total = Stopwatch.StartNew();
        var step = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.MigrateAsync();
            if (await db.Territories.AnyAsync() || await db.Places.AnyAsync())
            {
                throw new BenchUsageException("La base n'est pas vide : partez d'une base neuve (ou --force pour un fichier SQLite).");
            }
        }

        Report("migrations", step);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<TerritoryImporter>().ImportAsync(ImportedDepartements);
            Console.WriteLine($"  territoires importés : {result.Created} créés (départements {string.Join(", ", ImportedDepartements)})");
        }

        Report("import des territoires (TerritoryImporter)", step);

        var france = new FranceMap();
        var rng = new Random(seed);
        var records = new List<(PlaceRecord Record, PlaceKind Kind)>(count);
        for (var i = 1; i <= count; i++)
        {
            records.Add(NewPlace(rng, france, i));
        }

        Report($"fiches générées en mémoire ({count:N0})", step);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var communeIds = await db.Territories.AsNoTracking().Where(t => t.Kind == TerritoryKind.Commune)
                .ToDictionaryAsync(t => t.Code, t => t.Id, StringComparer.Ordinal);
            var now = DateTimeOffset.UtcNow;
            await using var tx = await db.Database.BeginTransactionAsync();
            var pending = 0;
            foreach (var (record, kind) in records)
            {
                var place = new Place { ImportSource = Source, SourceId = "", Name = "", Pivot = "", CommuneName = "", PostalCode = "", Address = "" };
                place.Apply(record);
                place.Kind = kind;
                place.IsPublished = true;
                place.CommuneId = record.InseeCode is { } insee && communeIds.TryGetValue(insee, out var id) ? id : null;
                place.CreatedAt = now.AddDays(-rng.Next(1, 900));
                place.ModifiedAt = now;
                db.Places.Add(place);
                if (++pending == BatchSize)
                {
                    await db.SaveChangesAsync();
                    db.ChangeTracker.Clear();
                    pending = 0;
                }
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            await tx.CommitAsync();
            Console.WriteLine($"  dont rattachés à une commune importée : {records.Count(r => r.Record.InseeCode is { } c && communeIds.ContainsKey(c)):N0}");
        }

        Report($"lieux insérés ({count:N0})", step);

        Directory.CreateDirectory(Path.GetDirectoryName(csvPath)!);
        await using (var file = File.Create(csvPath))
        {
            // Its own ids, so that the import measure writes into an empty source of a fresh database.
            PlaceCsvWriter.Write(records.Take(CsvCount).Select(r => r.Record), file);
        }

        Report($"fichier CSV v1 ({Math.Min(CsvCount, count):N0} lieux)", step);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (isSqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            }

            Console.WriteLine();
            Console.WriteLine($"Lieux publiés dans la base : {await db.Places.CountAsync(p => p.IsPublished):N0}");
            Console.WriteLine($"Communes représentées : {records.Select(r => r.Record.InseeCode).Distinct().Count():N0}");
        }

        Console.WriteLine($"Durée totale : {total.Elapsed.TotalSeconds:F1} s");
        if (sqliteFile is not null)
        {
            Console.WriteLine($"Taille du fichier : {new FileInfo(sqliteFile).Length / 1024.0 / 1024.0:F1} Mio ({sqliteFile})");
        }

        Console.WriteLine($"CSV : {csvPath} ({new FileInfo(csvPath).Length / 1024.0 / 1024.0:F1} Mio)");
        Console.WriteLine($"Charge de la machine à la fin (loadavg 1/5/15 min) : {LoadAverage()}");
        return 0;
    }

    public static async Task<int> SearchAsync(BenchArgs args)
    {
        var runs = args.GetInt("runs", 2_000);
        var warmup = args.GetInt("warmup", 50);
        var seed = args.GetInt("seed", 20261124);
        var now = args.Get("at") is { } at ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) : DefaultNow;
        var (isSqlite, connection, sqliteFile) = BenchTarget.Resolve(args, DefaultDatabase, fresh: false, "places-generate");
        var showSql = args.Flag("show-sql");
        var engine = args.Get("engine") ?? "sql";
        if (engine is not ("sql" or "index"))
        {
            throw new BenchUsageException("--engine vaut sql (requête SQL, PlaceSearchQuery) ou index (PublishedPlaceIndex en mémoire).");
        }

        if (showSql)
        {
            // Only show the SQL of the first queries (EF Core's command log), without measuring.
            runs = 2;
            warmup = 0;
        }

        await using var app = BenchTarget.BuildApp(isSqlite, connection, showSql);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var count = await db.Places.CountAsync(p => p.IsPublished);
            if (count == 0)
            {
                throw new BenchUsageException("Aucun lieu publié dans la base : lancez d'abord places-generate.");
            }

            Console.WriteLine($"Recherche de lieux ({(isSqlite ? "Sqlite" : "Postgres")}, {sqliteFile ?? "PostgreSQL"}) : {count:N0} lieux publiés");
        }

        var index = app.Services.GetRequiredService<Maillage.Features.Lieux.SearchIndex.PublishedPlaceIndex>();
        if (engine == "index")
        {
            var loading = Stopwatch.StartNew();
            var held = await index.CountAsync();
            Console.WriteLine($"Moteur : index en mémoire, {held:N0} lieux chargés en {loading.Elapsed.TotalMilliseconds:F0} ms");
        }
        else
        {
            Console.WriteLine("Moteur : requête SQL (PlaceSearchQuery)");
        }

        Console.WriteLine($"{runs} requêtes (+ {warmup} d'échauffement), rayon {PlaceSearch.DefaultRadiusKm} km, « ouvert maintenant » évalué au {now:yyyy-MM-dd HH:mm zzz}");
        Console.WriteLine($"Charge de la machine au début (loadavg 1/5/15 min) : {LoadAverage()}");
        var france = new FranceMap();
        var rng = new Random(seed);
        var services = PlaceVocabulary.Services.CodesIn(PlaceVocabulary.PublishedVersion);
        var publics = PlaceVocabulary.SpecificPublics.CodesIn(PlaceVocabulary.PublishedVersion);
        var times = new List<double>(runs);
        var byMix = new Dictionary<string, List<(double Ms, int Total, int Items)>>(StringComparer.Ordinal)
        {
            ["service + ouvert maintenant"] = [],
            ["service + public"] = [],
        };
        for (var i = -warmup; i < runs; i++)
        {
            var (lat, lon) = france.RandomPoint(rng, jitterKm: 3);
            var openNow = rng.Next(2) == 0;
            var search = new PlaceSearch
            {
                Latitude = lat,
                Longitude = lon,
                RadiusKm = PlaceSearch.DefaultRadiusKm,
                Services = [services[rng.Next(services.Count)]],
                Publics = openNow ? [] : [publics[rng.Next(publics.Count)]],
                OpenNow = openNow,
            };

            // One scope (one DbContext) per query, as per request.
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var started = Stopwatch.GetTimestamp();
            var result = engine == "index" ? await index.SearchAsync(search, now) : await search.RunAsync(db, now, CancellationToken.None);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i >= 0)
            {
                times.Add(ms);
                byMix[openNow ? "service + ouvert maintenant" : "service + public"].Add((ms, result.Total, result.Items.Count));
            }
        }

        if (showSql)
        {
            return 0;
        }

        Console.WriteLine($"Charge de la machine à la fin (loadavg 1/5/15 min) : {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| Requêtes | n | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | Résultats en moyenne (total) | Lieux par page en moyenne |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (mix, list) in byMix)
        {
            SearchRow(mix, list);
        }

        SearchRow("toutes", [.. byMix.Values.SelectMany(l => l)]);
        var p95 = BenchTarget.Percentile([.. times.Order()], 0.95);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Objectif p95 ≤ 15 ms : {(p95 <= 15 ? "atteint" : "NON atteint")} ({p95:F1} ms)"));
        return 0;
    }

    public static async Task<int> ImportAsync(BenchArgs args)
    {
        var file = Path.GetFullPath(args.Get("file") ?? DefaultCsv);
        if (!File.Exists(file))
        {
            throw new BenchUsageException($"Fichier introuvable : {file}. Générez-le d'abord (places-generate).");
        }

        var provider = args.Get("provider") ?? "Sqlite";
        var isSqlite = BenchTarget.IsSqlite(provider);
        var connection = args.Get("connection") ?? (isSqlite ? "Data Source=/tmp/bench/places-import.db" : throw new BenchUsageException("--connection est obligatoire avec --provider Postgres."));
        await using var app = BenchTarget.BuildApp(isSqlite, connection);
        Console.WriteLine($"Import de {file} ({new FileInfo(file).Length / 1024.0 / 1024.0:F1} Mio) dans une base neuve ({(isSqlite ? "Sqlite" : "Postgres")})");
        Console.WriteLine($"Charge de la machine au début (loadavg 1/5/15 min) : {LoadAverage()}");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // A fresh database each time: the bench's own database is dropped and migrated again.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.EnsureDeletedAsync();
            await db.MigrateAsync();
        }

        var rows = new List<(string Label, double Seconds, PlaceImportReport Report)>();
        foreach (var label in new[] { "premier import (base vide)", "réimport sans changement" })
        {
            await using var scope = app.Services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<PlaceImporter>();
            await using var stream = File.OpenRead(file);
            var started = Stopwatch.GetTimestamp();
            var report = await importer.ImportAsync(stream, Path.GetFileName(file), new PlaceImportOptions(), ImportActor.System);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            rows.Add((label, seconds, report));
            if (!report.Imported)
            {
                Console.WriteLine($"Fichier refusé : {report.Errors.Count} problème(s), par exemple :");
                foreach (var e in report.Errors.Take(5))
                {
                    Console.WriteLine($"  ligne {e.Line} {e.Field} : {e.Message}");
                }

                return 1;
            }
        }

        Console.WriteLine($"Charge de la machine à la fin (loadavg 1/5/15 min) : {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| Import | Durée (s) | Lus | Créés | Mis à jour | Inchangés | Rejetés | Objectif ≤ 10 s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (label, seconds, r) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {seconds:F2} | {r.Read} | {r.Created} | {r.Updated} | {r.Unchanged} | {r.RejectedLines.Count} | {(seconds <= 10 ? "atteint" : "NON atteint")} |"));
        }

        return 0;
    }

    public static async Task<int> ExportAsync(BenchArgs args)
    {
        var runs = args.GetInt("runs", 3);
        var output = Path.GetFullPath(args.Get("output") ?? "/tmp/bench/lieux-export.csv");
        var (isSqlite, connection, sqliteFile) = BenchTarget.Resolve(args, DefaultDatabase, fresh: false, "places-generate");
        await using var app = BenchTarget.BuildApp(isSqlite, connection);
        Console.WriteLine($"Export CSV complet ({(isSqlite ? "Sqlite" : "Postgres")}, {sqliteFile ?? "PostgreSQL"}) vers {output}, {runs} exécution(s)");
        Console.WriteLine($"Charge de la machine au début (loadavg 1/5/15 min) : {LoadAverage()}");
        var seconds = new List<double>();
        for (var i = 1; i <= runs; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var started = Stopwatch.GetTimestamp();
            await using (var file = File.Create(output))
            {
                PlaceExporter.Write(db, PlaceExportFormat.Csv, file);
            }

            var s = Stopwatch.GetElapsedTime(started).TotalSeconds;
            seconds.Add(s);
            var lines = File.ReadLines(output).LongCount() - 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  n° {i} : {s:F2} s, {new FileInfo(output).Length / 1024.0 / 1024.0:F1} Mio, {lines:N0} lignes (hors en-tête)"));
        }

        Console.WriteLine($"Charge de la machine à la fin (loadavg 1/5/15 min) : {LoadAverage()}");
        var sorted = seconds.Order().ToList();
        var median = sorted[sorted.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Médiane {median:F2} s (min {sorted[0]:F2}, max {sorted[^1]:F2}) ; objectif ≤ 2 s : {(median <= 2 ? "atteint" : "NON atteint")}"));
        return 0;
    }

    private static (PlaceRecord Record, PlaceKind Kind) NewPlace(Random rng, FranceMap france, int index)
    {
        var commune = france.RandomCommune(rng);
        var (lat, lon) = france.Around(rng, commune, Math.Min(8, 0.5 + (3 * Math.Sqrt((commune.Population ?? 0) / 100_000.0))));
        var kinds = Enum.GetValues<PlaceKind>();
        var kind = kinds[rng.Next(kinds.Length)];
        var name = kind switch
        {
            PlaceKind.FranceServices => $"France Services {commune.Name}",
            PlaceKind.Bibliotheque => $"Médiathèque {Names.LastNames[rng.Next(Names.LastNames.Length)]}",
            PlaceKind.MaisonDesHabitants => $"Maison des habitants — {Names.Quarters[rng.Next(Names.Quarters.Length)]}",
            PlaceKind.Ccas => $"CCAS de {commune.Name}",
            PlaceKind.Association => $"{Names.AssociationPrefixes[rng.Next(Names.AssociationPrefixes.Length)]} {commune.Name}",
            PlaceKind.Itinerant => $"Bus numérique {commune.Name}",
            _ => $"Espace numérique {Names.Quarters[rng.Next(Names.Quarters.Length)]} ({commune.Name})",
        };
        var id = "bench-" + index.ToString("000000", CultureInfo.InvariantCulture);
        var host = $"lieu-{index}.bench.maillage.test";
        var record = new PlaceRecord
        {
            Id = id,
            Pivot = rng.Next(100_000_000, 1_000_000_000).ToString(CultureInfo.InvariantCulture) + rng.Next(10_000, 100_000).ToString(CultureInfo.InvariantCulture),
            Name = name,
            Commune = commune.Name,
            PostalCode = commune.PostalCodes?.Split(',')[0] is { Length: 5 } cp ? cp : commune.Code.Replace("2A", "20", StringComparison.Ordinal).Replace("2B", "20", StringComparison.Ordinal),
            InseeCode = commune.Code,
            Address = $"{rng.Next(1, 180)} {Names.Streets[rng.Next(Names.Streets.Length)]}",
            Latitude = Math.Round(lat, 6),
            Longitude = Math.Round(lon, 6),
            Typology = Some(rng, PlaceVocabulary.Typology, 1, 1),
            Phone = "+33" + rng.Next(1, 10).ToString(CultureInfo.InvariantCulture) + rng.Next(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture),
            Emails = rng.NextDouble() < 0.7 ? [$"contact@{host}"] : [],
            Websites = rng.NextDouble() < 0.5 ? [$"https://{host}"] : [],
            OpeningHours = rng.NextDouble() < 0.9 ? Hours[rng.Next(Hours.Length)] : null,
            Summary = "Accueil et accompagnement aux usages du numérique : ordinateurs en accès libre, ateliers et aide aux démarches.",
            Source = "Banc d'essai Maillage",
            Itinerance = [kind == PlaceKind.Itinerant ? "Itinérant" : "Fixe"],
            UpdatedOn = new DateOnly(2026, 1, 1).AddDays(rng.Next(0, 300)),
            Services = Some(rng, PlaceVocabulary.Services, 1, 4),
            SpecificPublics = rng.NextDouble() < 0.6 ? Some(rng, PlaceVocabulary.SpecificPublics, 1, 2) : [],
            SpecificSupport = rng.NextDouble() < 0.3 ? Some(rng, PlaceVocabulary.SpecificSupport, 1, 2) : [],
            Fees = Some(rng, PlaceVocabulary.Fees, 1, 1),
            NationalPrograms = rng.NextDouble() < 0.5 ? Some(rng, PlaceVocabulary.NationalPrograms, 1, 2) : [],
            AccessModes = Some(rng, PlaceVocabulary.AccessModes, 1, 3),
            SupportModes = Some(rng, PlaceVocabulary.SupportModes, 1, 3),
        };
        return (record, kind);
    }

    private static string[] Some(Random rng, VocabularyList list, int min, int max)
    {
        var codes = list.CodesIn(PlaceVocabulary.PublishedVersion);
        var n = Math.Min(codes.Count, rng.Next(min, max + 1));
        return [.. codes.OrderBy(_ => rng.Next()).Take(n)];
    }

    private static void SearchRow(string label, List<(double Ms, int Total, int Items)> list)
    {
        if (list.Count == 0)
        {
            return;
        }

        var sorted = list.Select(l => l.Ms).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {list.Count} | {BenchTarget.Percentile(sorted, 0.50):F1} | {BenchTarget.Percentile(sorted, 0.95):F1} | {BenchTarget.Percentile(sorted, 0.99):F1} | {sorted[^1]:F1} | {list.Average(l => l.Total):F1} | {list.Average(l => l.Items):F1} |"));
    }

    private static void Report(string what, Stopwatch step)
    {
        Console.WriteLine($"  {what,-44} {step.Elapsed.TotalSeconds,7:F1} s");
        step.Restart();
    }

    private static string LoadAverage() => ColdStart.LoadAverage();
}
