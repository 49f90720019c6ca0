using Maillage.Data;
using Maillage.Features.Accompagnements;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

/// <summary>
/// The seeds' mobile EPN: 189 digital objects of the unit (touch tablets, 4G wifi hotspots, VR headsets, drones, laptops,
/// projectors, educational robots), their accessories, three kits « valise », a handful in maintenance or out of service and
/// one retired. Deterministic: fixed seed, dates relative to the clock.
/// </summary>
public sealed class FleetDemo(AppDbContext db, TimeProvider clock, ILogger<FleetDemo> logger) : IDemoContributor
{
    public int Order => 40;

    public const int FleetSize = 189;

    private sealed record Line(string Prefix, string Model, int Count, decimal Cost, string[] Accessories);

    private static readonly Line[] Fleet =
    [
        new("TAB", "Samsung Galaxy Tab A9+", 60, 229m, ["Chargeur", "Câble USB-C", "Coque de protection"]),
        new("TAB", "Apple iPad 10e génération", 30, 439m, ["Chargeur", "Câble USB-C", "Coque de protection"]),
        new("4G", "Huawei E5576 (borne wifi 4G)", 30, 59m, ["Chargeur", "Carte SIM"]),
        new("VR", "Meta Quest 3", 20, 549m, ["Manettes (2)", "Chargeur", "Housse"]),
        new("DRN", "DJI Mini 2 SE", 8, 339m, ["Radiocommande", "Batteries (3)", "Hélices de rechange", "Chargeur"]),
        new("PC", "Lenovo ThinkPad E14 (reconditionné)", 25, 320m, ["Chargeur", "Souris"]),
        new("VP", "Epson CO-W01", 6, 379m, ["Câble HDMI", "Télécommande", "Sacoche"]),
        new("ROB", "Thymio II", 10, 149m, ["Câble USB"]),
    ];

    private static readonly string[] Funding =
    [
        "France Relance — Conseillers numériques",
        "Ville de Saint-Étienne — budget Inclusion numérique",
        "Département de la Loire — appel à projets",
        "Fondation Orange — dotation",
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        await FleetDefaults.EnsureDefaultsAsync(db, ct);
        if (await db.Items.AnyAsync(ct))
        {
            return;
        }

        var started = clock.GetTimestamp();
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var unit = await db.Organizations.SingleAsync(o => o.Name == ActivitiesDemo.UnitName, ct);
        var categories = await db.ItemCategories.ToDictionaryAsync(c => c.TagPrefix, ct);
        var places = await db.Places.OrderBy(p => p.Name).Select(p => p.Id).Take(6).ToListAsync(ct);
        var random = new Random(20261124);
        var numbers = new Dictionary<string, int>();
        var items = new List<Item>();
        foreach (var line in Fleet)
        {
            for (var i = 0; i < line.Count; i++)
            {
                var number = numbers[line.Prefix] = numbers.GetValueOrDefault(line.Prefix) + 1;
                var bought = today.AddDays(-random.Next(120, 1400));
                items.Add(new Item
                {
                    CategoryId = categories[line.Prefix].Id,
                    OrganizationId = unit.Id,
                    Model = line.Model,
                    SerialNumber = $"{line.Prefix}{bought:yyMM}{random.Next(100000, 999999)}",
                    AssetTag = AssetTags.Format(line.Prefix, number),
                    Condition = random.Next(10) switch { < 2 => ItemCondition.New, < 8 => ItemCondition.Good, _ => ItemCondition.Worn },
                    HomePlaceId = places.Count == 0 ? null : places[random.Next(places.Count)],
                    PurchasedOn = bought,
                    Cost = line.Cost,
                    FundingSource = Funding[random.Next(Funding.Length)],
                    Accessories = [.. line.Accessories.Select(a => new ItemAccessory { Name = a })],
                    CreatedAt = now,
                    ModifiedAt = now,
                });
            }
        }

        // A few objects tell the fleet's real life: in repair, broken, retired.
        items[3].Status = ItemStatus.InMaintenance;
        items[3].Notes = "Écran fissuré : en réparation chez le prestataire.";
        items[95].Status = ItemStatus.InMaintenance;
        items[95].Notes = "Batterie qui ne tient plus la charge.";
        items[130].Status = ItemStatus.OutOfService;
        items[130].Condition = ItemCondition.Damaged;
        items[130].Notes = "Chute lors d'une démonstration, hélice et bras cassés.";
        items[150].Status = ItemStatus.Retired;
        items[150].Notes = "Trop ancien pour les mises à jour : réformé.";
        db.Items.AddRange(items);

        // Kits « valise »: eight tablets and a hotspot, lent together to the associations.
        for (var k = 0; k < 3; k++)
        {
            var kit = new Kit
            {
                OrganizationId = unit.Id,
                Name = $"Valise tablettes n° {k + 1}",
                Description = "8 tablettes et une borne wifi 4G, dans une valise à roulettes : pour un atelier sur un marché ou dans une école.",
                AssetTag = AssetTags.Format("KIT", k + 1),
                CreatedAt = now,
            };
            kit.Items.AddRange(items.Where(i => i.AssetTag.StartsWith("TAB-", StringComparison.Ordinal) && i.Status == ItemStatus.Available).Skip(10 + (k * 8)).Take(8));
            kit.Items.Add(items.Where(i => i.AssetTag.StartsWith("4G-", StringComparison.Ordinal)).ElementAt(k));
            db.Kits.Add(kit);
        }

        await db.SaveChangesAsync(ct);
        db.ItemEvents.AddRange(items.Select(i => new ItemEvent { ItemId = i.Id, Kind = ItemEventKind.Created, Text = "Ajouté au parc.", ActorName = "Données de démonstration", At = now }));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Demo fleet seeded: {Items} items, 3 kits in {Ms} ms", items.Count, (int)clock.GetElapsedTime(started).TotalMilliseconds);
    }
}
