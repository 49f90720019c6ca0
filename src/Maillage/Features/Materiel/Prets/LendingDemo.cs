using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Structures;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

/// <summary>
/// The mobile EPN's lending life: a dozen partner associations, four months of reservations (returned loans with their
/// history, two loans out of which one overdue, one to check out today, approved and pending requests, one on the waiting
/// list, one refused), the maintenance plans, and the open tickets of the items already in maintenance. Deterministic.
/// </summary>
public sealed class LendingDemo(AppDbContext db, TimeProvider clock, ILogger<LendingDemo> logger) : IDemoContributor
{
    public int Order => 42;

    private static readonly (string Name, string Rna, string Address)[] Partners =
    [
        ("Amicale laïque de Beaubrun", "W423005102", "7 rue Beaubrun"),
        ("Francas de la Loire", "W423005218", "12 rue de la Richelandière"),
        ("Ligue de l'enseignement de la Loire", "W423005334", "38 rue Saint-Simon"),
        ("Centre social du Soleil", "W423005450", "Place du Soleil"),
        ("Rezo numérique stéphanois", "W423005566", "4 rue Élise Gervais"),
        ("Maison de quartier de Terrenoire", "W423005682", "Rue de la République, Terrenoire"),
    ];

    private static readonly string[] Locations =
    [
        "Marché de Montreynaud", "Marché de Beaulieu", "École Jules-Ferry, Terrenoire", "Centre social de la Cotonne", "Médiathèque de Tarentaize",
        "Marché du Soleil", "Collège Jean-Dasté", "Maison des habitants de Beaubrun", "Place Jean-Jaurès (forum des associations)", "Résidence autonomie Les Myosotis",
    ];

    private static readonly string[] Purposes =
    [
        "Atelier découverte des tablettes pour les seniors", "Stand « faire ses démarches en ligne » sur le marché", "Initiation à la programmation avec les enfants",
        "Découverte de la réalité virtuelle pour les jeunes du quartier", "Atelier photo et vidéo au smartphone", "Accès à internet pour une permanence hors les murs",
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Reservations.AnyAsync(ct) || !await db.Items.AnyAsync(ct))
        {
            return;
        }

        var started = clock.GetTimestamp();
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(Shared.Web.ParisTime.ToParis(now).DateTime);
        var unit = await db.Organizations.SingleAsync(o => o.Name == ActivitiesDemo.UnitName, ct);
        foreach (var (name, rna, address) in Partners.Where(p => !db.Organizations.Any(o => o.Name == p.Name)))
        {
            db.Organizations.Add(new Organization
            {
                Name = name,
                Kind = OrganizationKind.Association,
                Rna = rna,
                Address = address,
                PostalCode = "42000",
                CommuneId = unit.CommuneId,
                TerritoryId = unit.TerritoryId,
                CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
        var borrowers = await db.Organizations.Where(o => o.Id != unit.Id && o.IsActive).OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        var mife = borrowers.First(b => b.Name == "MIFE Loire Sud");
        var items = await db.Items.Where(i => i.OrganizationId == unit.Id).Include(i => i.Accessories).OrderBy(i => i.Id).ToListAsync(ct);
        var kits = await db.Kits.Where(k => k.OrganizationId == unit.Id).Include(k => k.Items).OrderBy(k => k.Id).ToListAsync(ct);
        var singles = items.Where(i => i.KitId is null && i.CampaignId is null && i.Status == ItemStatus.Available).ToList();
        var busy = new Dictionary<int, List<(DateOnly S, DateOnly E)>>();
        var random = new Random(20261206);

        bool Free(IEnumerable<Item> group, DateOnly s, DateOnly e) => group.All(i => i.Status == ItemStatus.Available && !busy.GetValueOrDefault(i.Id, []).Any(b => b.S <= e && b.E >= s));

        Reservation? Add(List<Item> group, Kit? kit, int borrower, DateOnly start, DateOnly end, ReservationStatus status)
        {
            if (!Free(group, start, end) && status != ReservationStatus.Waiting)
            {
                return null;
            }

            var holds = Reservation.IsHolding(status);
            if (status is not ReservationStatus.Waiting and not ReservationStatus.Refused and not ReservationStatus.Cancelled)
            {
                foreach (var i in group)
                {
                    (busy.TryGetValue(i.Id, out var list) ? list : busy[i.Id] = []).Add((start, end));
                }
            }

            var created = Shared.Web.ParisTime.Midnight(start.AddDays(-random.Next(3, 20))).AddHours(10);
            var r = new Reservation
            {
                BorrowerOrganizationId = borrower,
                LenderOrganizationId = unit.Id,
                KitId = kit?.Id,
                StartDate = start,
                EndDate = end,
                Purpose = Purposes[random.Next(Purposes.Length)],
                Location = Locations[random.Next(Locations.Length)],
                Status = status,
                RequestedByName = "Données de démonstration",
                CreatedAt = created < now ? created : now,
                ModifiedAt = now,
            };
            if (status is ReservationStatus.Approved or ReservationStatus.CheckedOut or ReservationStatus.Returned or ReservationStatus.Refused)
            {
                r.DecidedAt = r.CreatedAt.AddDays(1);
                r.DecidedByName = "Coordination inclusion numérique";
                r.DecisionNote = status == ReservationStatus.Refused ? "Le matériel part en maintenance cette semaine-là : proposez d'autres dates." : null;
            }

            if (status is ReservationStatus.CheckedOut or ReservationStatus.Returned)
            {
                r.TakenBy = r.AgreementName = DemoNames[random.Next(DemoNames.Length)];
                r.CheckedOutAt = Shared.Web.ParisTime.Midnight(start).AddHours(9);
                r.CheckedOutByName = "Coordination inclusion numérique";
            }

            if (status == ReservationStatus.Returned)
            {
                r.ReturnedAt = Shared.Web.ParisTime.Midnight(end).AddHours(17);
                r.ReturnedByName = "Coordination inclusion numérique";
            }

            r.Lines.AddRange(group.Select(i => new ReservationLine
            {
                ItemId = i.Id,
                StartDate = start,
                EndDate = end,
                Holds = holds,
                ConditionOut = r.CheckedOutAt is null ? null : i.Condition,
                ConditionIn = r.ReturnedAt is null ? null : i.Condition,
                AccessoriesOut = r.CheckedOutAt is null ? null : string.Join('\n', i.Accessories.Select(a => a.Name)),
            }));
            db.Reservations.Add(r);
            return r;
        }

        // Four months of returned loans, mostly kits on markets and single objects for workshops.
        for (var week = 17; week >= 1; week--)
        {
            for (var n = 0; n < 4; n++)
            {
                var start = today.AddDays((-7 * week) + random.Next(0, 5));
                var end = start.AddDays(random.Next(0, 4));
                var borrower = borrowers[random.Next(borrowers.Count)].Id;
                if (random.Next(3) == 0)
                {
                    var kit = kits[random.Next(kits.Count)];
                    Add(kit.Items, kit, borrower, start, end, ReservationStatus.Returned);
                }
                else
                {
                    Add([singles[random.Next(singles.Count)]], null, borrower, start, end, ReservationStatus.Returned);
                }
            }
        }

        // Now: one overdue loan, one under way, one to check out today (the scan demo), requests to come.
        var vr = singles.First(i => i.AssetTag.StartsWith("VR-", StringComparison.Ordinal));
        Add([vr], null, borrowers.First(b => b.Name.StartsWith("Francas", StringComparison.Ordinal)).Id, today.AddDays(-9), today.AddDays(-4), ReservationStatus.CheckedOut);
        Add(kits[0].Items, kits[0], borrowers.First(b => b.Name.StartsWith("Centre social du Soleil", StringComparison.Ordinal)).Id, today.AddDays(-1), today.AddDays(2), ReservationStatus.CheckedOut);
        Add(kits[1].Items, kits[1], mife.Id, today, today.AddDays(1), ReservationStatus.Approved);
        var drone = singles.First(i => i.AssetTag.StartsWith("DRN-", StringComparison.Ordinal) && Free([i], today.AddDays(5), today.AddDays(6)));
        Add([drone], null, borrowers[random.Next(borrowers.Count)].Id, today.AddDays(5), today.AddDays(6), ReservationStatus.Approved);
        Add([drone], null, mife.Id, today.AddDays(6), today.AddDays(6), ReservationStatus.Waiting);
        Add(kits[2].Items, kits[2], mife.Id, today.AddDays(8), today.AddDays(9), ReservationStatus.Pending);
        var tablet = singles.First(i => i.AssetTag.StartsWith("TAB-", StringComparison.Ordinal) && Free([i], today.AddDays(3), today.AddDays(4)));
        Add([tablet], null, borrowers.First(b => b.Name.StartsWith("Amicale", StringComparison.Ordinal)).Id, today.AddDays(3), today.AddDays(4), ReservationStatus.Pending);
        var hotspot = singles.First(i => i.AssetTag.StartsWith("4G-", StringComparison.Ordinal) && Free([i], today.AddDays(12), today.AddDays(16)));
        Add([hotspot], null, borrowers.First(b => b.Name.StartsWith("PIMMS", StringComparison.Ordinal)).Id, today.AddDays(12), today.AddDays(16), ReservationStatus.Approved);
        Add([singles[^1]], null, borrowers[random.Next(borrowers.Count)].Id, today.AddDays(2), today.AddDays(3), ReservationStatus.Refused);
        await db.SaveChangesAsync(ct);

        // Items out now are « prêté »; today's approved kit is « réservé ».
        var reservations = await db.Reservations.Include(r => r.Lines).Include(r => r.Borrower).ToListAsync(ct);
        var byId = items.ToDictionary(i => i.Id);
        foreach (var r in reservations)
        {
            foreach (var line in r.Lines)
            {
                var item = byId[line.ItemId];
                if (r.Status == ReservationStatus.CheckedOut)
                {
                    item.Status = ItemStatus.OnLoan;
                }
                else if (r.Status == ReservationStatus.Approved && r.StartDate <= today)
                {
                    item.Status = ItemStatus.Reserved;
                }

                if (r.CheckedOutAt is { } outAt)
                {
                    db.ItemEvents.Add(new ItemEvent { ItemId = item.Id, Kind = ItemEventKind.CheckedOut, Text = $"Sorti pour {r.Borrower!.Name}, emporté par {r.TakenBy} (réservation n° {r.Id}).", ActorName = r.CheckedOutByName, At = outAt });
                }

                if (r.ReturnedAt is { } backAt)
                {
                    db.ItemEvents.Add(new ItemEvent { ItemId = item.Id, Kind = ItemEventKind.CheckedIn, Text = $"Rentré complet (réservation n° {r.Id}).", ActorName = r.ReturnedByName, At = backAt });
                }
            }
        }

        var tablets = await db.ItemCategories.Where(c => c.TagPrefix == "TAB").Select(c => c.Id).FirstAsync(ct);
        var headsets = await db.ItemCategories.Where(c => c.TagPrefix == "VR").Select(c => c.Id).FirstAsync(ct);
        db.MaintenancePlans.Add(new MaintenancePlan
        {
            OrganizationId = unit.Id,
            CategoryId = tablets,
            Name = "Réinitialiser la tablette",
            AfterEachLoan = true,
            StartsOn = today.AddMonths(-6),
            CreatedAt = now,
            Instructions = "Effacer comptes et photos, remettre les applications de l'atelier, charger à 100 %.",
        });
        db.MaintenancePlans.Add(new MaintenancePlan
        {
            OrganizationId = unit.Id,
            CategoryId = headsets,
            Name = "Mise à jour et nettoyage des casques",
            EveryMonths = 3,
            StartsOn = today.AddDays(-20),
            CreatedAt = now,
            Instructions = "Mise à jour du système, lingettes sur la mousse, contrôle des manettes.",
        });
        foreach (var item in items.Where(i => i.Status == ItemStatus.InMaintenance))
        {
            db.MaintenanceTickets.Add(new MaintenanceTicket { ItemId = item.Id, Reason = item.Notes ?? "Réparation", OpenedAt = now.AddDays(-random.Next(2, 15)), OpenedByName = "Coordination inclusion numérique" });
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Demo lending seeded: {Partners} partners, {Reservations} reservations in {Ms} ms", borrowers.Count, reservations.Count, (int)clock.GetElapsedTime(started).TotalMilliseconds);
    }

    private static readonly string[] DemoNames = ["Samia Benali", "Julien Faure", "Nadia Chérif", "Thomas Perrin", "Awa Diallo", "Karim Haddad", "Élodie Roux"];
}
