using System.Diagnostics;
using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Bench;

/// <summary>
/// The "activities-bench" verb: times, in-process and through the application's own services (one DI scope per operation,
/// as one request has), what an advisor does twenty times a day and the figures they and their coordinator open, on the
/// database made by "activities-generate". The records it creates are removed at the end, so that runs stay comparable.
/// </summary>
public static partial class ActivitiesBench
{
    private sealed record Sample(string AdvisorId, int OrganizationId, int PlaceId);

    private sealed record Measure(string Label, Timings Times, double? TargetMs);

    /// <summary>Elapsed times and the process's CPU time of each run: the CPU time barely moves with the machine's load (for SQLite it is the database's work too; PostgreSQL's is in its own processes).</summary>
    internal sealed class Timings
    {
        public List<double> Wall { get; } = [];
        public List<double> Cpu { get; } = [];

        /// <summary>CPU time of the local PostgreSQL server's processes over the whole series (0 with SQLite).</summary>
        public double ServerCpuMs { get; set; }

        public void Add(double wallMs, TimeSpan cpu)
        {
            Wall.Add(wallMs);
            Cpu.Add(cpu.TotalMilliseconds);
        }
    }

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var runs = args.GetInt("runs", 200);
        var warmup = args.GetInt("warmup", 20);
        var figureRuns = args.GetInt("figure-runs", 50);
        var seed = args.GetInt("seed", 20261124);
        var (isSqlite, connection, sqliteFile) = BenchTarget.Resolve(args, Activities.DefaultDatabase, fresh: false);
        var showSql = args.Flag("show-sql");
        if (showSql)
        {
            // Only show the SQL of each operation once (EF Core's command log), for EXPLAIN; the times are then meaningless.
            (runs, warmup, figureRuns) = (1, 0, 1);
        }

        await using var app = BenchTarget.BuildApp(isSqlite, connection, showSql);
        var rng = new Random(seed);

        List<Sample> samples;
        int biggest;
        long maxActivity, maxAudit;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var total = await db.Activities.LongCountAsync();
            if (total == 0)
            {
                throw new BenchUsageException("Aucune activité dans la base : lancez d'abord activities-generate.");
            }

            biggest = await db.Grants.Where(g => g.Role == Role.Conseiller && g.OrganizationId != null)
                .GroupBy(g => g.OrganizationId!.Value).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstAsync();
            var advisors = await db.Grants.AsNoTracking().Where(g => g.Role == Role.Conseiller && g.OrganizationId != null)
                .OrderBy(g => g.Id).Select(g => new { g.UserId, OrganizationId = g.OrganizationId!.Value }).ToListAsync();

            // 20 advisors at random, 5 of them in the biggest organization (the busiest lists and figures).
            var picked = advisors.Where(a => a.OrganizationId != biggest).OrderBy(_ => rng.Next()).Take(15)
                .Concat(advisors.Where(a => a.OrganizationId == biggest).OrderBy(_ => rng.Next()).Take(5)).ToList();
            samples = [];
            foreach (var a in picked)
            {
                var place = await db.Places.Where(p => p.OrganizationId == a.OrganizationId).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
                samples.Add(new Sample(a.UserId, a.OrganizationId, place));
            }

            maxActivity = await db.Activities.MaxAsync(a => a.Id);
            maxAudit = await db.AuditEntries.Select(e => (long?)e.Id).MaxAsync() ?? 0;
            Console.WriteLine($"Mesures des activités ({(isSqlite ? "Sqlite" : "Postgres")}, {sqliteFile ?? "PostgreSQL"}) : {total:N0} activités, " +
                $"plus grande structure n° {biggest}, {runs} mesures après {warmup} de mise en route");
        }

        Console.WriteLine($"Charge de la machine au début (loadavg 1/5/15 min) : {ColdStart.LoadAverage()}");
        var measures = new List<Measure>();

        try
        {
            // 1. Create: what the « Enregistrer » button does, from the request's scope to the saved, audited record.
            var today = DateOnly.FromDateTime(Maillage.Shared.Web.ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime);
            var whole = new Timings();
            var createOnly = new Timings();
            var server = 0.0;
            for (var i = 0; i < warmup + runs; i++)
            {
                if (i == warmup)
                {
                    server = ServerCpuMs();
                }

                var sample = samples[i % samples.Count];
                var cpu = Environment.CpuUsage.TotalTime;
                var watch = Stopwatch.StartNew();
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var access = await ActivityAccess.ForAsync(db, await ScopeAccessor.ForUserAsync(db, sample.AdvisorId));
                var service = scope.ServiceProvider.GetRequiredService<ActivityService>();
                var before = watch.Elapsed.TotalMilliseconds;
                var cpuBefore = Environment.CpuUsage.TotalTime;
                var result = await service.CreateAsync(access, new ActivityInput
                {
                    Type = ActivityType.Individual,
                    Date = today,
                    DurationMinutes = 30,
                    Location = ActivityLocation.Place,
                    PlaceId = sample.PlaceId,
                    Equipment = [ActivityEquipment.Computer],
                    Themes = [ActivityTheme.AdministrativeProcedures],
                    ProcedureFamilies = [ProcedureFamily.SocialAndHealth],
                    Autonomy = Autonomy.PartlyAutonomous,
                    BeneficiaryAgeBand = AgeBand.From60To69,
                });
                var elapsed = watch.Elapsed.TotalMilliseconds;
                var cpuAfter = Environment.CpuUsage.TotalTime;
                if (result.Status != ActivitySaveStatus.Created)
                {
                    throw new InvalidOperationException($"Création refusée : {string.Join(" ; ", result.Errors.SelectMany(e => e.Value))}");
                }

                if (i >= warmup)
                {
                    whole.Add(elapsed, cpuAfter - cpu);
                    createOnly.Add(elapsed - before, cpuAfter - cpuBefore);
                }
            }

            whole.ServerCpuMs = createOnly.ServerCpuMs = ServerCpuMs() - server;
            measures.Add(new Measure("Créer une activité (droits + ActivityService.CreateAsync)", whole, 20));
            measures.Add(new Measure("— dont CreateAsync seul (règles, enregistrement, audit)", createOnly, 20));
            await MeasureListsAsync(app.Services, samples, warmup, runs, measures);
            await MeasureFiguresAsync(app.Services, samples, biggest, today, Math.Min(warmup, 5), figureRuns, measures);
        }
        finally
        {
            // Whatever happened, the records and audit entries the measure created go: the next run starts from the same data.
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var removed = await db.Activities.Where(a => a.Id > maxActivity).ExecuteDeleteAsync();
                await db.AuditEntries.Where(e => e.Id > maxAudit).ExecuteDeleteAsync();
                Console.WriteLine($"Activités créées par la mesure puis retirées : {removed}");
            }
        }

        Console.WriteLine($"Charge de la machine à la fin (loadavg 1/5/15 min) : {ColdStart.LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine(isSqlite
            ? "| Mesure | n | p50 (ms) | p95 (ms) | max (ms) | CPU p50 (ms) | Objectif | Atteint ? |"
            : "| Mesure | n | p50 (ms) | p95 (ms) | max (ms) | CPU client p50 (ms) | CPU serveur moyen (ms) | Objectif | Atteint ? |");
        Console.WriteLine(isSqlite ? "|---|---:|---:|---:|---:|---:|---:|---|" : "|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var m in measures)
        {
            var sorted = m.Times.Wall.Order().ToList();
            var cpu = m.Times.Cpu.Order().ToList();
            var p95 = BenchTarget.Percentile(sorted, 0.95);
            var target = m.TargetMs is { } t ? string.Create(CultureInfo.InvariantCulture, $"≤ {t:F0} ms (p95) | {(p95 <= t ? "oui" : "**non**")}") : "— | —";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Label} | {sorted.Count} | {BenchTarget.Percentile(sorted, 0.50):F1} | {p95:F1} | {sorted[^1]:F1} | {BenchTarget.Percentile(cpu, 0.50):F0} |{(isSqlite ? "" : $" {m.Times.ServerCpuMs / sorted.Count:F0} |")} {target} |"));
        }

        return 0;
    }

    /// <summary>
    /// Total CPU time (user + system) of the processes named « postgres » on this machine, from /proc: the server's share of the
    /// work, which the client's CPU time does not show. Meaningful with the throwaway local server of the recipe only.
    /// </summary>
    internal static double ServerCpuMs()
    {
        var total = 0.0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() != "postgres")
                {
                    continue;
                }

                // Fields after the command name: state is 3rd, utime the 14th and stime the 15th of the whole line.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return total;
    }

    /// <summary>Times one operation in a fresh DI scope (one request), after warm-up runs.</summary>
    internal static async Task<Timings> TimeAsync(IServiceProvider services, int warmup, int runs, Func<IServiceProvider, int, Task> operation)
    {
        var times = new Timings();
        var server = 0.0;
        for (var i = 0; i < warmup + runs; i++)
        {
            if (i == warmup)
            {
                server = ServerCpuMs();
            }

            var cpu = Environment.CpuUsage.TotalTime;
            var watch = Stopwatch.StartNew();
            await using (var scope = services.CreateAsyncScope())
            {
                await operation(scope.ServiceProvider, i);
            }

            if (i >= warmup)
            {
                times.Add(watch.Elapsed.TotalMilliseconds, Environment.CpuUsage.TotalTime - cpu);
            }
        }

        times.ServerCpuMs = ServerCpuMs() - server;

        return times;
    }
}
