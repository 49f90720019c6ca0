using System.Diagnostics;
using System.Globalization;
using Maillage.Data;
using Maillage.Features.Agenda;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timings = Maillage.Bench.ActivitiesBench.Timings;

namespace Maillage.Bench;

/// <summary>
/// The "agenda-bench" verb, on the database made by "agenda-generate": the free slots of the big place (20 advisors) over
/// the 30 days of the motif's horizon, in-process through <see cref="AgendaSlots.ForPlaceAsync"/> as the public page and
/// the API call it (one DI scope per request, the motif read in it too); with --http, the public agenda page /ateliers
/// served by the compiled application (Release, Production) over loopback.
/// </summary>
public static class AgendaBench
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var runs = args.GetInt("runs", 200);
        // A running server has long finished its tiered JIT compilation: 100 calls let it finish here too (20 did not).
        var warmup = args.GetInt("warmup", 100);
        var (isSqlite, connection, sqliteFile) = BenchTarget.Resolve(args, Agenda.DefaultDatabase, fresh: false, generator: "agenda-generate");
        await using var app = BenchTarget.BuildApp(isSqlite, connection);

        int placeId;
        int motifId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            placeId = await db.Places.Where(p => p.SourceId == Agenda.BenchPlaceSource).Select(p => p.Id).SingleOrDefaultAsync();
            if (placeId == 0)
            {
                throw new BenchUsageException("Lieu de mesure introuvable : lancez d'abord agenda-generate.");
            }

            motifId = await db.AppointmentMotifs.OrderBy(m => m.SortOrder).Select(m => m.Id).FirstAsync();
            var advisors = await db.Permanences.Where(p => p.PlaceId == placeId).Select(p => p.AdvisorId).Distinct().CountAsync();
            var appointments = await db.Appointments.CountAsync();
            var now = DateTimeOffset.UtcNow;
            var upcoming = await db.WorkshopSessions.CountAsync(s => s.Start > now);
            Console.WriteLine($"Mesures de l'agenda ({(isSqlite ? "Sqlite" : "Postgres")}, {sqliteFile ?? "PostgreSQL"}) : lieu n° {placeId} ({advisors} conseillers), " +
                $"{appointments:N0} rendez-vous en base, {upcoming:N0} séances à venir ; {runs} mesures après {warmup} de mise en route");
        }

        Console.WriteLine($"Charge de la machine au début (loadavg 1/5/15 min) : {ColdStart.LoadAverage()}");
        var measures = new List<AgendaMeasure>();

        // 1. Free slots of the place over the motif's horizon (30 days), for all its advisors.
        var slotCount = 0;
        var slots = await ActivitiesBench.TimeAsync(app.Services, warmup, runs, async (sp, _) =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var motif = await db.AppointmentMotifs.AsNoTracking().SingleAsync(m => m.Id == motifId);
            var free = await AgendaSlots.ForPlaceAsync(db, placeId, motif, DateTimeOffset.UtcNow);
            slotCount = free.Count;
        });
        measures.Add(new AgendaMeasure("Créneaux libres d'un lieu sur 30 jours, 20 conseillers (AgendaSlots.ForPlaceAsync)", slots, 10, $"{slotCount} créneaux"));

        // Its parts: what the database answers (busy intervals of the 20 advisors), and the pure computation.
        List<Maillage.Features.Agenda.PermanenceRange> ranges;
        List<BusyInterval> busy;
        AppointmentMotif benchMotif;
        var windowStart = DateTimeOffset.UtcNow.AddDays(-1);
        var windowEnd = DateTimeOffset.UtcNow.AddDays(33);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            benchMotif = await db.AppointmentMotifs.AsNoTracking().SingleAsync(m => m.Id == motifId);
            ranges = (await db.Permanences.AsNoTracking().Where(p => p.PlaceId == placeId).ToListAsync()).Select(p => p.ToRange()).ToList();
            busy = await AgendaSlots.BusyAsync(db, placeId, ranges.Select(r => r.AdvisorId).Distinct().ToList(), windowStart, windowEnd, default);
        }

        var advisorIds = ranges.Select(r => r.AdvisorId).Distinct().ToList();
        var readTimes = await ActivitiesBench.TimeAsync(app.Services, warmup, runs, async (sp, _) =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.AppointmentMotifs.AsNoTracking().SingleAsync(m => m.Id == motifId);
            await db.Permanences.AsNoTracking().Where(p => p.PlaceId == placeId && p.Mode == PermanenceMode.Appointment && p.AdvisorProfile!.IsActive).ToListAsync();
        });
        measures.Add(new AgendaMeasure("— dont lecture du motif et des permanences", readTimes, 10, $"{ranges.Count} permanences"));
        var busyTimes = await ActivitiesBench.TimeAsync(app.Services, warmup, runs, async (sp, _) =>
            await AgendaSlots.BusyAsync(sp.GetRequiredService<AppDbContext>(), placeId, advisorIds, windowStart, windowEnd, default));
        measures.Add(new AgendaMeasure("— dont lecture des occupations (AgendaSlots.BusyAsync)", busyTimes, 10, $"{busy.Count} intervalles"));
        var computeTimes = await ActivitiesBench.TimeAsync(app.Services, warmup, runs, (_, _) =>
        {
            SlotCalculator.Compute(ranges, busy, new SlotRequest(DateTimeOffset.UtcNow, benchMotif.DurationMinutes, TimeSpan.FromMinutes(benchMotif.MinimumNoticeMinutes), benchMotif.HorizonDays));
            return Task.CompletedTask;
        });
        measures.Add(new AgendaMeasure("— dont calcul seul (SlotCalculator.Compute)", computeTimes, 10, $"{ranges.Count} plages"));

        // 3. Booking through BookingService (lock of the advisor, re-check of the slot, insert), each on a distinct free slot.
        measures.Add(await MeasureBookingAsync(app.Services, placeId, motifId, warmup, runs));

        if (args.Flag("http"))
        {
            measures.AddRange(await AgendaHttp.MeasureAsync(args, sqliteFile, warmup, runs));
        }

        Console.WriteLine($"Charge de la machine à la fin (loadavg 1/5/15 min) : {ColdStart.LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| Mesure | n | p50 (ms) | p95 (ms) | max (ms) | CPU p50 (ms) | Objectif | Atteint ? | Note |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var m in measures)
        {
            var sorted = m.Times.Wall.Order().ToList();
            var cpu = m.Times.Cpu.Order().ToList();
            var p95 = BenchTarget.Percentile(sorted, 0.95);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Label} | {sorted.Count} | {BenchTarget.Percentile(sorted, 0.50):F1} | {p95:F1} | {sorted[^1]:F1} | {BenchTarget.Percentile(cpu, 0.50):F1} | ≤ {m.TargetMs:F0} ms (p95) | {(p95 <= m.TargetMs ? "oui" : "**non**")} | {m.Note} |"));
        }

        return 0;
    }

    /// <summary>
    /// Books distinct free slots of the place as the public form does (a new contact each time, so the weekly cap never
    /// answers), one DI scope per booking; the appointments it made are removed at the end, even after an error.
    /// </summary>
    private static async Task<AgendaMeasure> MeasureBookingAsync(IServiceProvider services, int placeId, int motifId, int warmup, int runs)
    {
        List<FreeSlot> free;
        long maxId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var motif = await db.AppointmentMotifs.AsNoTracking().SingleAsync(m => m.Id == motifId);
            free = [.. await AgendaSlots.ForPlaceAsync(db, placeId, motif, DateTimeOffset.UtcNow)];
            maxId = await db.Appointments.MaxAsync(a => (long?)a.Id) ?? 0;
        }

        // Non-overlapping picks: one slot per advisor and start, spread over the month.
        var picks = new List<FreeSlot>();
        foreach (var slot in free.OrderBy(s => s.Start.UtcTicks % 7919).ThenBy(s => s.Start))
        {
            if (!picks.Any(p => p.AdvisorId == slot.AdvisorId && p.Start < slot.End && slot.Start < p.End))
            {
                picks.Add(slot);
            }
        }

        if (picks.Count < warmup + runs)
        {
            throw new BenchUsageException($"Trop peu de créneaux libres ({picks.Count}) pour {warmup + runs} réservations : réduisez --runs.");
        }

        var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var taken = 0;
        try
        {
            var times = await ActivitiesBench.TimeAsync(services, warmup, runs, async (sp, i) =>
            {
                var slot = picks[i];
                var outcome = await sp.GetRequiredService<Maillage.Features.Agenda.Booking.BookingService>().BookAsync(
                    new Maillage.Features.Agenda.Booking.BookingRequest(placeId, motifId, slot.Start, slot.AdvisorId,
                        new ContactInput($"Personne {i}", null, $"bench-{stamp}-{i}@example.org"), null),
                    null);
                if (outcome.SlotTaken)
                {
                    taken++;
                }
                else if (!outcome.Succeeded)
                {
                    throw new InvalidOperationException("Réservation refusée : " + string.Join(" ; ", outcome.Errors.SelectMany(e => e.Value)));
                }
            });
            return new AgendaMeasure("Réserver un créneau (BookingService.BookAsync)", times, 30, taken == 0 ? null : $"{taken} créneaux pris entre-temps");
        }
        finally
        {
            await using var scope = services.CreateAsyncScope();
            var removed = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Appointments.Where(a => a.Id > maxId).ExecuteDeleteAsync();
            Console.WriteLine($"Rendez-vous créés par la mesure puis retirés : {removed}");
        }
    }
}

internal sealed record AgendaMeasure(string Label, Timings Times, double TargetMs, string? Note = null);

/// <summary>Pages of the compiled application, timed from an HTTP client on loopback (server time plus a little client overhead).</summary>
internal static class AgendaHttp
{
    public static async Task<List<AgendaMeasure>> MeasureAsync(BenchArgs args, string? sqliteFile, int warmup, int runs)
    {
        if (sqliteFile is null)
        {
            throw new BenchUsageException("--http mesure l'application compilée sur la base SQLite de agenda-generate.");
        }

        var appDll = args.Get("app") ?? Path.Combine(BenchArgs.RepositoryRoot(), "src/Maillage/bin/Release/net10.0/Maillage.dll");
        if (!File.Exists(appDll))
        {
            throw new BenchUsageException($"Application compilée introuvable : {appDll} (dotnet build -c Release bench/Maillage.Bench).");
        }

        var baseUrl = $"http://127.0.0.1:{ColdStart.FreePort()}";
        var psi = ColdStart.AppStartInfo(appDll, sqliteFile, baseUrl, [], new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // One local client would only measure 429 answers.
            ["RateLimiting__PublicPerMinute"] = "100000000",
            ["Agenda__PublicPostsPerMinute"] = "100000000",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        var output = new Queue<string>();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { lock (output) { if (e.Data is not null) { output.Enqueue(e.Data); } while (output.Count > 40) { output.Dequeue(); } } };
        process.ErrorDataReceived += (_, e) => { lock (output) { if (e.Data is not null) { output.Enqueue(e.Data); } while (output.Count > 40) { output.Dequeue(); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var results = new List<AgendaMeasure>();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            await ColdStart.PollAsync(http, process, baseUrl + "/health", Stopwatch.StartNew(), TimeSpan.FromSeconds(60), s => s == 200, output);
            foreach (var path in args.GetAll("page").DefaultIfEmpty("/ateliers"))
            {
                var times = new Timings();
                var bytes = 0;
                var serverCpu = 0.0;
                for (var i = 0; i < warmup + runs; i++)
                {
                    if (i == warmup)
                    {
                        serverCpu = ColdStart.CpuMilliseconds(process.Id);
                    }

                    var cpu = Environment.CpuUsage.TotalTime;
                    var watch = Stopwatch.StartNew();
                    using var response = await http.GetAsync(baseUrl + path);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    var elapsed = watch.Elapsed.TotalMilliseconds;
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new BenchUsageException($"GET {path} : {(int)response.StatusCode} (la page existe-t-elle dans cette version ?)");
                    }

                    bytes = body.Length;
                    if (i >= warmup)
                    {
                        times.Add(elapsed, Environment.CpuUsage.TotalTime - cpu);
                    }
                }

                // The client's CPU says little here: the server's (the application's process) is the cost of the page.
                serverCpu = (ColdStart.CpuMilliseconds(process.Id) - serverCpu) / runs;
                results.Add(new AgendaMeasure($"GET {path} (application compilée, HTTP local)", times, 50,
                    string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:N0} Ko ; CPU du serveur {serverCpu:F1} ms par requête en moyenne")));
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return results;
    }
}
