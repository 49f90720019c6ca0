using System.Diagnostics;
using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Features.Materiel;
using Maillage.Features.Structures;
using Maillage.Features.Territoires;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Bench;

/// <summary>
/// The "lending-generate" verb: one lender (an inclusion unit of the Loire) with a fleet of 2 000 items in 8 categories, a few
/// kits of eight tablets, 20 borrowing structures with one account each; 100 000 past reservations over the last three years
/// (returned for the most part, some refused or cancelled: none holds its items any more), then about a year of holding
/// reservations to come (~20 per item or kit, pending or approved), a few loans under way and a few overdue. The periods of
/// one item never overlap, as the application guarantees.
/// </summary>
public static class Lending
{
    public const string DefaultDatabase = "/tmp/bench/lending.db";
    public const string LenderName = "Unité d'inclusion numérique bench — parc de prêt";
    public const string ManagerEmail = "gestion-pret@bench.maillage.test";

    public static async Task<int> GenerateAsync(BenchArgs args)
    {
        var itemCount = args.GetInt("items", 2000);
        var kitCount = args.GetInt("kits", 25);
        var borrowerCount = args.GetInt("borrowers", 20);
        var pastCount = args.GetInt("past", 100_000);
        var futurePerUnit = args.GetInt("future-per-item", 20);
        var seed = args.GetInt("seed", 20261206);
        const int kitSize = 8;
        if (kitCount * kitSize > itemCount / 2)
        {
            throw new BenchUsageException("--kits : au plus la moitié des objets dans des valises de 8.");
        }

        var (isSqlite, connection, sqliteFile) = BenchTarget.Resolve(args, DefaultDatabase, fresh: true);
        await using var app = BenchTarget.BuildApp(isSqlite, connection);
        Console.WriteLine($"Génération du parc de prêt ({(isSqlite ? "Sqlite" : "Postgres")}, graine {seed}) : {sqliteFile ?? "PostgreSQL"}");
        Console.WriteLine($"Charge de la machine au début (loadavg 1/5/15 min) : {ColdStart.LoadAverage()}");
        var total = Stopwatch.StartNew();
        var step = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (!isSqlite && args.Flag("force"))
            {
                // --force on PostgreSQL: the bench's own database is dropped and migrated again.
                await db.Database.EnsureDeletedAsync();
            }

            await db.MigrateAsync();
            if (await db.Territories.AnyAsync() || await db.Items.AnyAsync())
            {
                throw new BenchUsageException("La base n'est pas vide : partez d'une base neuve (ou --force).");
            }

            await FleetDefaults.EnsureDefaultsAsync(db);
            await scope.ServiceProvider.GetRequiredService<TerritoryImporter>().ImportAsync(["42"]);
        }

        Report("migrations, catégories, territoires de la Loire", step);

        var rng = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(ParisTime.ToParis(now).DateTime);
        var counts = new Dictionary<string, int>();
        List<Unit> units;
        List<int> borrowerIds;
        int lenderId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var communes = await db.Territories.Where(t => t.Kind == TerritoryKind.Commune && t.PostalCodes != null).OrderBy(t => t.Id).Take(borrowerCount + 1).ToListAsync();

            // The lender first, then the borrowing structures, one account each (the lender's account receives the requests).
            var organizations = communes.Select((c, i) => new Organization
            {
                Name = i == 0 ? LenderName : $"Structure emprunteuse bench {i:00} — {c.Name}",
                Kind = i == 0 ? OrganizationKind.Departement : i % 3 == 0 ? OrganizationKind.Ccas : OrganizationKind.Association,
                CommuneId = c.Id,
                TerritoryId = c.Id,
                PostalCode = c.PostalCodes!.Split(',')[0],
                CreatedAt = now.AddYears(-4),
            }).ToList();
            db.Organizations.AddRange(organizations);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            lenderId = organizations[0].Id;
            borrowerIds = [.. organizations.Skip(1).Select(o => o.Id)];
            for (var i = 0; i < organizations.Count; i++)
            {
                var email = i == 0 ? ManagerEmail : $"structure-pret-{i:00}@bench.maillage.test";
                var user = new AppUser
                {
                    UserName = email,
                    NormalizedUserName = email.ToUpperInvariant(),
                    Email = email,
                    NormalizedEmail = email.ToUpperInvariant(),
                    EmailConfirmed = true,
                    DisplayName = i == 0 ? "Gestion du parc" : $"Référent structure {i:00}",
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                    CreatedAt = now.AddYears(-4),
                };
                db.Users.Add(user);
                db.Grants.Add(new Grant { UserId = user.Id, Role = Role.Structure, OrganizationId = organizations[i].Id, GrantedAt = now.AddYears(-4) });
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            counts["structures emprunteuses"] = borrowerIds.Count;

            // Categories: the seven of the application and an eighth; items spread unevenly (tablets first).
            db.ItemCategories.Add(new ItemCategory { Name = "Appareil photo", TagPrefix = "PHO", SortOrder = 80 });
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            var categories = await db.ItemCategories.OrderBy(c => c.SortOrder).ToListAsync();
            double[] weights = [0.30, 0.15, 0.08, 0.05, 0.20, 0.08, 0.07, 0.07];
            var numbers = categories.ToDictionary(c => c.Id, _ => 0);
            var items = new List<Item>();
            var tablets = categories[0];
            string[] models = ["Modèle A", "Modèle B", "Modèle C", "Modèle D"];
            for (var i = 0; i < itemCount; i++)
            {
                // Kit items are tablets; the rest are drawn by weight.
                var category = i < kitCount * kitSize ? tablets : Pick(categories, weights, rng);
                var number = ++numbers[category.Id];
                items.Add(new Item
                {
                    CategoryId = category.Id,
                    OrganizationId = lenderId,
                    Model = $"{category.Name} {models[rng.Next(models.Length)]}",
                    SerialNumber = $"SN{seed % 1000:000}{i:000000}",
                    AssetTag = AssetTags.Format(category.TagPrefix, number),
                    Condition = rng.NextDouble() < 0.7 ? ItemCondition.Good : ItemCondition.Worn,
                    PurchasedOn = today.AddDays(-rng.Next(400, 1800)),
                    CreatedAt = now.AddYears(-4),
                    ModifiedAt = now.AddYears(-4),
                });
            }

            db.Items.AddRange(items);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            var kits = Enumerable.Range(0, kitCount).Select(k => new Kit
            {
                OrganizationId = lenderId,
                Name = $"Valise de {kitSize} tablettes n° {k + 1:00}",
                AssetTag = AssetTags.Format("VAL", k + 1),
                CreatedAt = now.AddYears(-4),
            }).ToList();
            db.Kits.AddRange(kits);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            for (var i = 0; i < kitCount * kitSize; i++)
            {
                items[i].KitId = kits[i / kitSize].Id;
            }

            // A few items in maintenance: they stay in the calendar, blocked.
            foreach (var item in items.Skip(kitCount * kitSize).Where(_ => rng.NextDouble() < 0.01))
            {
                item.Status = ItemStatus.InMaintenance;
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            counts["objets"] = items.Count;
            counts["catégories"] = categories.Count;
            counts["valises"] = kits.Count;
            counts["objets en maintenance"] = items.Count(i => i.Status == ItemStatus.InMaintenance);
            units = [.. kits.Select(k => new Unit(k.Id, [.. items.Where(i => i.KitId == k.Id).Select(i => i.Id)])),
                .. items.Where(i => i.KitId is null).Select(i => new Unit(null, [i.Id], i))];
            db.ChangeTracker.Clear();
        }

        Report("structures, comptes, catégories, objets, valises", step);

        // Past reservations: spread evenly over the units, each unit's three years cut into equal slots, one reservation
        // of 1 to 7 days somewhere in each slot (so they never overlap), mostly returned.
        var reservations = new List<Reservation>(pastCount + (units.Count * (futurePerUnit + 1)));
        // They end ten days ago at the latest: the loans under way and overdue come after.
        const int pastDays = 3 * 365;
        var pastStart = today.AddDays(-pastDays - 10);
        for (var u = 0; u < units.Count; u++)
        {
            var quota = (pastCount / units.Count) + (u < pastCount % units.Count ? 1 : 0);
            var slot = pastDays / (double)quota;
            for (var k = 0; k < quota; k++)
            {
                var from = pastStart.AddDays((int)(k * slot));
                var room = Math.Max(1, (int)((k + 1) * slot) - (int)(k * slot));
                var days = rng.Next(1, Math.Min(7, room) + 1);
                var start = from.AddDays(rng.Next(0, room - days + 1));
                var roll = rng.NextDouble();
                var status = roll < 0.92 ? ReservationStatus.Returned : roll < 0.97 ? ReservationStatus.Cancelled : ReservationStatus.Refused;
                reservations.Add(NewReservation(units[u], start, start.AddDays(days - 1), status, holds: false));
            }
        }

        counts["réservations passées"] = reservations.Count;

        // Today: a few loans under way (5 % of the units), a few overdue (0.5 %: due before today, not back).
        var freeFrom = new Dictionary<Unit, DateOnly>();
        foreach (var unit in units)
        {
            var roll = rng.NextDouble();
            if (roll < 0.005 && unit.Item is { Status: ItemStatus.Available })
            {
                var end = today.AddDays(-rng.Next(1, 6));
                reservations.Add(NewReservation(unit, end.AddDays(-rng.Next(1, 5)), end, ReservationStatus.CheckedOut, holds: true));
                unit.Item.Status = ItemStatus.OnLoan;
                freeFrom[unit] = today.AddDays(1);
                counts["prêts en retard"] = counts.GetValueOrDefault("prêts en retard") + 1;
            }
            else if (roll < 0.055 && unit.Item is not { Status: ItemStatus.InMaintenance })
            {
                var end = today.AddDays(rng.Next(0, 6));
                reservations.Add(NewReservation(unit, today.AddDays(-rng.Next(0, 5)), end, ReservationStatus.CheckedOut, holds: true));
                if (unit.Item is not null)
                {
                    unit.Item.Status = ItemStatus.OnLoan;
                }

                freeFrom[unit] = end.AddDays(1);
                counts["prêts en cours"] = counts.GetValueOrDefault("prêts en cours") + 1;
            }
        }

        // The year to come: ~20 holding reservations per unit, pending or approved, one per equal slot of the year.
        var future = 0;
        for (var u = 0; u < units.Count; u++)
        {
            var unit = units[u];
            var first = freeFrom.GetValueOrDefault(unit, today.AddDays(1));
            var span = today.AddDays(365).DayNumber - first.DayNumber;
            var slot = span / (double)futurePerUnit;
            for (var k = 0; k < futurePerUnit; k++)
            {
                var from = first.AddDays((int)(k * slot));
                var room = Math.Max(1, (int)((k + 1) * slot) - (int)(k * slot));
                var days = rng.Next(1, Math.Min(7, room) + 1);
                var start = from.AddDays(rng.Next(0, room - days + 1));
                var status = start <= today.AddDays(14) || rng.NextDouble() < 0.6 ? ReservationStatus.Approved : ReservationStatus.Pending;
                reservations.Add(NewReservation(unit, start, start.AddDays(days - 1), status, holds: true));
                future++;
            }
        }

        counts["réservations à venir (qui retiennent)"] = future;

        Reservation NewReservation(Unit unit, DateOnly start, DateOnly end, ReservationStatus status, bool holds)
        {
            var borrower = borrowerIds[rng.Next(borrowerIds.Count)];
            var created = ParisTime.ToParis(now).Date < start.ToDateTime(TimeOnly.MinValue) ? now.AddDays(-rng.Next(1, 60))
                : new DateTimeOffset(start.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero).AddDays(-rng.Next(3, 40));
            var decided = status is ReservationStatus.Pending ? (DateTimeOffset?)null : created.AddDays(1);
            var outAt = status is ReservationStatus.Returned or ReservationStatus.CheckedOut ? new DateTimeOffset(start.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero) : (DateTimeOffset?)null;
            var backAt = status is ReservationStatus.Returned ? new DateTimeOffset(end.ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero) : (DateTimeOffset?)null;
            var r = new Reservation
            {
                BorrowerOrganizationId = borrower,
                LenderOrganizationId = lenderId,
                KitId = unit.KitId,
                StartDate = start,
                EndDate = end,
                Purpose = "Atelier numérique",
                Location = "Centre social",
                Status = status,
                RequestedByName = "Référent structure",
                ContactEmail = "structure-pret@bench.maillage.test",
                DecidedAt = decided,
                DecidedByName = decided is null ? null : "Gestion du parc",
                TakenBy = outAt is null ? null : "Personne bench",
                AgreementName = outAt is null ? null : "Personne bench",
                CheckedOutAt = outAt,
                CheckedOutByName = outAt is null ? null : "Gestion du parc",
                ReturnedAt = backAt,
                ReturnedByName = backAt is null ? null : "Gestion du parc",
                CreatedAt = created,
                ModifiedAt = backAt ?? outAt ?? decided ?? created,
            };
            r.Lines.AddRange(unit.ItemIds.Select(id => new ReservationLine
            {
                ItemId = id,
                StartDate = start,
                EndDate = end,
                Holds = holds,
                ConditionOut = outAt is null ? null : ItemCondition.Good,
                ConditionIn = backAt is null ? null : ItemCondition.Good,
            }));
            return r;
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            // The items on loan now.
            foreach (var unit in units.Where(u => u.Item is { Status: ItemStatus.OnLoan }))
            {
                await db.Items.Where(i => i.Id == unit.Item!.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.OnLoan));
            }

            var kitOnLoan = reservations.Where(r => r.KitId is not null && r.Status == ReservationStatus.CheckedOut).SelectMany(r => r.Lines.Select(l => l.ItemId)).ToList();
            await db.Items.Where(i => kitOnLoan.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.OnLoan));

            // Oldest first, as they were made; chunks keep the change tracker small.
            foreach (var chunk in reservations.OrderBy(r => r.StartDate).Chunk(5_000))
            {
                db.Reservations.AddRange(chunk);
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }

            counts["lignes de réservation"] = reservations.Sum(r => r.Lines.Count);
            counts["lignes qui retiennent"] = reservations.Sum(r => r.Lines.Count(l => l.Holds));
        }

        Report("réservations et leurs lignes", step);
        if (!isSqlite)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync("ANALYZE");
            Report("ANALYZE", step);
        }

        foreach (var (what, count) in counts)
        {
            Console.WriteLine($"  {what} : {count:N0}");
        }

        if (sqliteFile is not null)
        {
            Console.WriteLine($"  fichier SQLite : {new FileInfo(sqliteFile).Length / 1024.0 / 1024.0:N1} Mo");
        }

        Console.WriteLine($"Terminé en {total.Elapsed.TotalSeconds:N1} s ; charge de la machine à la fin : {ColdStart.LoadAverage()}");
        return 0;
    }

    private static ItemCategory Pick(List<ItemCategory> categories, double[] weights, Random rng)
    {
        var roll = rng.NextDouble() * weights.Take(categories.Count).Sum();
        for (var i = 0; i < categories.Count; i++)
        {
            roll -= i < weights.Length ? weights[i] : 0;
            if (roll < 0)
            {
                return categories[i];
            }
        }

        return categories[^1];
    }

    private static void Report(string what, Stopwatch step)
    {
        Console.WriteLine($"  {what} : {step.Elapsed.TotalSeconds:N1} s");
        step.Restart();
    }

    /// <summary>What is reserved as one: a kit (its items) or a single item.</summary>
    private sealed record Unit(int? KitId, IReadOnlyList<int> ItemIds, Item? Item = null);
}
