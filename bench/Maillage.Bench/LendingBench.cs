using System.Globalization;
using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Timings = Maillage.Bench.ActivitiesBench.Timings;

namespace Maillage.Bench;

/// <summary>
/// The "lending-bench" verb, on the database made by "lending-generate", in-process with the application's services (one DI
/// scope per call, as a request): the availability calendar of the whole fleet over 365 days
/// (<see cref="LendingAvailability.ComputeAsync"/>, as /api/v1/materiel/disponibilites and /materiel/calendrier), then
/// structures' requests for one random item over one or two days of the coming year (<see cref="ReservationService.RequestAsync"/>:
/// row lock, overlap check, insert, e-mail to the lender written as an .eml file). The requests made are removed at the end.
/// </summary>
public static class LendingBench
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var runs = args.GetInt("runs", 200);
        var warmup = args.GetInt("warmup", 100);
        var calendarRuns = args.GetInt("calendar-runs", 50);
        // Tiered JIT: the first ten calls of a 100 ms operation left part of it unoptimized (CPU p50 125 ms instead of 92 ms).
        var calendarWarmup = args.GetInt("calendar-warmup", 50);
        var seed = args.GetInt("seed", 20261207);
        var showSql = args.Flag("show-sql");
        if (showSql)
        {
            // Only show the SQL of each operation once (EF Core's command log), for EXPLAIN; the times are then meaningless.
            (runs, warmup, calendarRuns, calendarWarmup) = (1, 0, 1, 0);
        }

        var (isSqlite, connection, sqliteFile) = BenchTarget.Resolve(args, Lending.DefaultDatabase, fresh: false, generator: "lending-generate");
        var pickup = Path.Combine(Path.GetTempPath(), $"maillage-bench-mails-{Environment.ProcessId}");
        await using var app = BenchTarget.BuildApp(isSqlite, connection, showSql, new Dictionary<string, string?>
        {
            // No SMTP server: the mailer writes each message as an .eml file, as on a laptop.
            ["Smtp:Host"] = "",
            ["Smtp:PickupDirectory"] = pickup,
        });

        var today = DateOnly.FromDateTime(ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime);
        List<int> itemIds;
        List<int> borrowers;
        int lenderId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            lenderId = await db.Organizations.Where(o => o.Name == Lending.LenderName).Select(o => o.Id).SingleOrDefaultAsync();
            if (lenderId == 0)
            {
                throw new BenchUsageException("Prêteur de mesure introuvable : lancez d'abord lending-generate.");
            }

            itemIds = await ReservationService.Catalogue(db.Items).Where(i => i.OrganizationId == lenderId && i.Status != ItemStatus.InMaintenance)
                .OrderBy(i => i.Id).Select(i => i.Id).ToListAsync();
            borrowers = await db.Grants.Where(g => g.Role == Role.Structure && g.OrganizationId != null && g.OrganizationId != lenderId)
                .Select(g => g.OrganizationId!.Value).Distinct().OrderBy(id => id).ToListAsync();
            var items = await db.Items.CountAsync();
            var reservations = await db.Reservations.CountAsync();
            var past = await db.Reservations.CountAsync(r => r.EndDate < today && !r.Lines.Any(l => l.Holds));
            var holding = await db.ReservationLines.CountAsync(l => l.Holds);
            Console.WriteLine($"Mesures du prêt de matériel ({(isSqlite ? "Sqlite" : "Postgres")}, {sqliteFile ?? "PostgreSQL"}) : {items:N0} objets, " +
                $"{reservations:N0} réservations dont {past:N0} passées, {holding:N0} lignes qui retiennent ; calendrier {calendarRuns} mesures après " +
                $"{calendarWarmup}, demandes {runs} mesures après {warmup} de mise en route");
        }

        Console.WriteLine($"Charge de la machine au début (loadavg 1/5/15 min) : {ColdStart.LoadAverage()}");
        var measures = new List<AgendaMeasure>();

        // 1. The calendar of the whole fleet over a year.
        var from = today;
        var to = today.AddDays(364);
        var shape = "";
        var calendar = await ActivitiesBench.TimeAsync(app.Services, calendarWarmup, calendarRuns, async (sp, _) =>
        {
            var a = await sp.GetRequiredService<LendingAvailability>().ComputeAsync(from, to, null, default);
            shape = $"{a.Items.Count:N0} objets, {a.Items.Sum(i => i.Busy.Count):N0} périodes, {a.Categories.Count} catégories, {a.Kits.Count} valises, {a.Days} jours";
        });
        measures.Add(new AgendaMeasure("Calendrier de tout le parc sur 365 jours (LendingAvailability.ComputeAsync)", calendar, 100, shape));

        // What the page /materiel/calendrier asks for: one month of the whole fleet; and a year of the largest category alone.
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        var monthTimes = await ActivitiesBench.TimeAsync(app.Services, calendarWarmup, calendarRuns, async (sp, _) =>
            shape = $"{(await sp.GetRequiredService<LendingAvailability>().ComputeAsync(month, month.AddMonths(1).AddDays(-1), null, default)).Items.Sum(i => i.Busy.Count):N0} périodes");
        measures.Add(new AgendaMeasure($"Calendrier de tout le parc sur un mois ({month:yyyy-MM}, comme la page /materiel/calendrier)", monthTimes, 100, shape));
        int largest;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            largest = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Items.GroupBy(i => i.CategoryId)
                .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        }

        var categoryTimes = await ActivitiesBench.TimeAsync(app.Services, calendarWarmup, calendarRuns, async (sp, _) =>
        {
            var a = await sp.GetRequiredService<LendingAvailability>().ComputeAsync(from, to, largest, default);
            shape = $"{a.Items.Count:N0} objets, {a.Items.Sum(i => i.Busy.Count):N0} périodes";
        });
        measures.Add(new AgendaMeasure("Calendrier de la plus grande catégorie sur 365 jours (filtre categorie)", categoryTimes, 100, shape));

        // Its main read alone: the holding lines that touch the year, as ComputeAsync asks for them.
        var lineCount = 0;
        var lineTimes = await ActivitiesBench.TimeAsync(app.Services, calendarWarmup, calendarRuns, async (sp, _) =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var catalogue = db.Items.AsNoTracking().Where(i => i.CampaignId == null && i.Status != ItemStatus.Retired && i.Status != ItemStatus.Donated && i.Status != ItemStatus.OutOfService);
            var lines = await db.ReservationLines.AsNoTracking()
                .Where(l => l.Holds && l.EndDate >= from && l.StartDate <= to && catalogue.Any(i => i.Id == l.ItemId))
                .Select(l => new { l.ItemId, l.StartDate, l.EndDate }).ToListAsync();
            lineCount = lines.Count;
        });
        measures.Add(new AgendaMeasure("— dont lecture des lignes qui retiennent sur l'année (EF Core)", lineTimes, 100, $"{lineCount:N0} lignes"));

        // The same rows read with plain ADO.NET on the same SQL: what the database and the driver cost, without EF Core.
        var rawTimes = await ActivitiesBench.TimeAsync(app.Services, calendarWarmup, calendarRuns, async (sp, _) =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var catalogue = db.Items.AsNoTracking().Where(i => i.CampaignId == null && i.Status != ItemStatus.Retired && i.Status != ItemStatus.Donated && i.Status != ItemStatus.OutOfService);
            await using var command = db.ReservationLines.AsNoTracking()
                .Where(l => l.Holds && l.EndDate >= from && l.StartDate <= to && catalogue.Any(i => i.Id == l.ItemId))
                .Select(l => new { l.ItemId, l.StartDate, l.EndDate }).CreateDbCommand();
            await db.Database.OpenConnectionAsync();
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(int ItemId, DateOnly Start, DateOnly End)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt32(0), reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateOnly>(2)));
            }

            lineCount = rows.Count;
        });
        measures.Add(new AgendaMeasure("— les mêmes lignes en ADO.NET seul (même SQL, sans EF Core)", rawTimes, 100, $"{lineCount:N0} lignes"));

        // The overdue loans' lines (a few): EF Core writes « WHERE Holds », which SQLite cannot match to the index on (Holds, EndDate).
        var overdueCount = 0;
        var overdueTimes = await ActivitiesBench.TimeAsync(app.Services, calendarWarmup, calendarRuns, async (sp, _) =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var catalogue = db.Items.AsNoTracking().Where(i => i.CampaignId == null && i.Status != ItemStatus.Retired && i.Status != ItemStatus.Donated && i.Status != ItemStatus.OutOfService);
            var overdue = await db.ReservationLines.AsNoTracking()
                .Where(l => l.Holds && l.EndDate < today && l.EndDate < from && catalogue.Any(i => i.Id == l.ItemId && i.Status == ItemStatus.OnLoan))
                .Select(l => new { l.ItemId, l.StartDate, l.EndDate }).ToListAsync();
            overdueCount = overdue.Count;
        });
        measures.Add(new AgendaMeasure("— dont lecture des prêts en retard", overdueTimes, 100, $"{overdueCount} lignes"));
        var itemTimes = await ActivitiesBench.TimeAsync(app.Services, calendarWarmup, calendarRuns, async (sp, _) =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.Items.AsNoTracking().Where(i => i.CampaignId == null && i.Status != ItemStatus.Retired && i.Status != ItemStatus.Donated && i.Status != ItemStatus.OutOfService)
                .OrderBy(i => i.AssetTag).Select(i => new { i.Id, i.AssetTag, i.Model, i.CategoryId, i.Status, i.KitId }).ToListAsync();
        });
        measures.Add(new AgendaMeasure("— dont lecture des objets", itemTimes, 100, ""));

        // 2. Requests of structures for one item, one or two days somewhere in the coming year.
        measures.Add(await MeasureRequestsAsync(app.Services, itemIds, borrowers, today, seed, warmup, runs, pickup));

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

    /// <summary>A copy of <see cref="LendingAvailability.ComputeAsync"/> whose two reads of holding lines do not ask the database to check the items.</summary>
    private static async Task<AgendaMeasure> MeasureRequestsAsync(IServiceProvider services, List<int> itemIds, List<int> borrowers, DateOnly today, int seed, int warmup, int runs, string pickup)
    {
        if (itemIds.Count == 0 || borrowers.Count == 0)
        {
            throw new BenchUsageException("Aucun objet ou aucune structure emprunteuse : relancez lending-generate.");
        }

        int maxReservation;
        long maxEvent;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            maxReservation = await db.Reservations.MaxAsync(r => (int?)r.Id) ?? 0;
            maxEvent = await db.ItemEvents.MaxAsync(e => (long?)e.Id) ?? 0;
        }

        var rng = new Random(seed);
        var picks = Enumerable.Range(0, warmup + runs).Select(_ =>
        {
            var start = today.AddDays(rng.Next(1, 364));
            return (Item: itemIds[rng.Next(itemIds.Count)], Borrower: borrowers[rng.Next(borrowers.Count)], Start: start, End: start.AddDays(rng.Next(0, 2)));
        }).ToList();
        var (saved, taken) = (0, 0);
        try
        {
            var times = await ActivitiesBench.TimeAsync(services, warmup, runs, async (sp, i) =>
            {
                var (item, borrower, start, end) = picks[i];
                var db = sp.GetRequiredService<AppDbContext>();
                var access = await FleetAccess.ForAsync(db, new UserScope("bench", [new ScopeGrant(Role.Structure, null, borrower)]));
                var result = await sp.GetRequiredService<ReservationService>().RequestAsync(access,
                    new ReservationInput { ItemId = item, BorrowerOrganizationId = borrower, StartDate = start, EndDate = end, Purpose = "Atelier bench", Location = "Médiathèque" },
                    null, "Référent bench", "structure-bench@example.org");
                switch (result.Outcome)
                {
                    case LendingOutcome.Saved:
                        saved++;
                        break;
                    case LendingOutcome.Taken:
                        taken++;
                        break;
                    default:
                        throw new InvalidOperationException($"Demande refusée ({result.Outcome}) : {string.Join(" ; ", result.Errors.SelectMany(e => e.Value))}");
                }
            });
            var mails = Directory.Exists(pickup) ? Directory.GetFiles(pickup, "*.eml").Length : 0;
            return new AgendaMeasure("Demande de réservation d'un objet, 1 ou 2 jours (FleetAccess + ReservationService.RequestAsync)", times, 30,
                $"sur {warmup + runs} demandes : {saved} acceptées, {taken} « déjà réservé » ; {mails} courriels .eml écrits");
        }
        finally
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.ReservationLines.Where(l => l.ReservationId > maxReservation).ExecuteDeleteAsync();
            var removed = await db.Reservations.Where(r => r.Id > maxReservation).ExecuteDeleteAsync();
            await db.ItemEvents.Where(e => e.Id > maxEvent).ExecuteDeleteAsync();
            if (Directory.Exists(pickup))
            {
                Directory.Delete(pickup, recursive: true);
            }

            Console.WriteLine($"Réservations créées par la mesure puis retirées : {removed}");
        }
    }
}
