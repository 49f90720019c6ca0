using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Features.Comptes;
using Maillage.Features.Structures;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel.Campaigns;

/// <summary>
/// The seeds' campaign: « Ordinateurs pour les jeunes suivis par la Mission locale 2026 », up to 1 500 reconditioned laptops.
/// 40 in stock, 25 young people referred by the Mission locale, 15 equipped (10 loans, one overdue and two returned; 5
/// donations). The demo structure account also prescribes for the Mission locale. Deterministic: fixed seed, dates relative
/// to the clock.
/// </summary>
public sealed class CampaignDemo(AppDbContext db, TimeProvider clock, ILogger<CampaignDemo> logger) : IDemoContributor
{
    public int Order => 45;

    public const string CampaignName = "Ordinateurs pour les jeunes suivis par la Mission locale 2026";
    public const string MissionLocale = "Mission locale de Saint-Étienne";
    public const string StructureAccount = "structure@demo.maillage.fr";
    public const int StockSize = 40;
    public const int ReferralCount = 25;

    private static readonly string[] FirstNames =
    [
        "Inès", "Yanis", "Lina", "Mathis", "Chloé", "Rayan", "Manon", "Théo", "Sarah", "Nolan", "Jade", "Adam", "Léa",
        "Enzo", "Camille", "Bilal", "Emma", "Lucas", "Maëlys", "Sofiane", "Océane", "Hugo", "Anaïs", "Kylian", "Zoé",
    ];

    private static readonly string[] LastNames =
    [
        "Benali", "Martin", "Ferreira", "Rousset", "Diallo", "Chapuis", "Moreau", "Haddad", "Girard", "Nguyen", "Faure", "Bouchet",
        "Mendes", "Perrin", "Traoré", "Gauthier", "Lambert", "Khelifi", "Roux", "Da Silva", "Blanc", "Fontaine", "Mercier", "Sow", "Vidal",
    ];

    /// <summary>Saint-Étienne and neighbouring communes (INSEE codes), Saint-Étienne weighted first.</summary>
    private static readonly string[] Communes = ["42218", "42218", "42218", "42207", "42095", "42279", "42147", "42218"];

    private static readonly string[] Needs =
    [
        "Recherche d'emploi : CV, candidatures en ligne et inscription France Travail.",
        "Formation à distance (titre professionnel) : pas d'ordinateur à la maison.",
        "Garantie jeunes : démarches en ligne et suivi de formation.",
        "Entrée en apprentissage en septembre : cours théoriques en ligne.",
        "Démarches administratives (CAF, logement) faites jusqu'ici sur un téléphone.",
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Campaigns.AnyAsync(c => c.Name == CampaignName, ct))
        {
            return;
        }

        var started = clock.GetTimestamp();
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(Shared.Web.ParisTime.ToParis(now).DateTime);
        var unit = await db.Organizations.SingleAsync(o => o.Name == ActivitiesDemo.UnitName, ct);
        var missionLocale = await db.Organizations.FirstOrDefaultAsync(o => o.Name == MissionLocale, ct);
        if (missionLocale is null)
        {
            missionLocale = new Organization
            {
                Name = MissionLocale,
                Kind = OrganizationKind.Association,
                Address = "Espace Fauriel, 19 rue Pierre et Dominique Ponchardier",
                PostalCode = "42000",
                CommuneId = unit.CommuneId,
                TerritoryId = unit.TerritoryId,
                CreatedAt = now,
            };
            db.Organizations.Add(missionLocale);
            await db.SaveChangesAsync(ct);
        }

        // The demo structure account prescribes for the Mission locale too, so the demo can show a referral.
        var structure = await db.Users.FirstOrDefaultAsync(u => u.Email == StructureAccount, ct);
        if (structure is not null && !await db.Grants.AnyAsync(g => g.UserId == structure.Id && g.Role == Role.Structure && g.OrganizationId == missionLocale.Id, ct))
        {
            db.Grants.Add(new Grant { UserId = structure.Id, Role = Role.Structure, OrganizationId = missionLocale.Id, GrantedAt = now });
        }

        var coordinator = await db.Users.Where(u => u.Email == "coordination@demo.maillage.fr").Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "Coordination";
        var prescriberName = structure?.DisplayName ?? "Mission locale";
        var campaign = new Campaign
        {
            OrganizationId = unit.Id,
            Name = CampaignName,
            Description = "Jusqu'à 1 500 ordinateurs portables reconditionnés, redistribués par les Missions locales et prêtés (ou donnés) aux jeunes qu'elles suivent, avec une prise en main à l'EPN.",
            Eligibility = "Jeunes de 16 à 25 ans suivis par la Mission locale, sans ordinateur personnel, engagés dans une recherche d'emploi ou une formation.",
            TargetCount = 1500,
            StartsOn = today.AddDays(-75),
            EndsOn = new DateOnly(today.Year, 12, 31) < today.AddDays(30) ? today.AddMonths(6) : new DateOnly(today.Year, 12, 31),
            CreatedAt = now.AddDays(-80),
            Prescribers = [new CampaignPrescriber { OrganizationId = missionLocale.Id }],
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(ct);

        await FleetDefaults.EnsureDefaultsAsync(db, ct);
        var laptops = await db.ItemCategories.SingleAsync(c => c.TagPrefix == "PC", ct);
        var next = await AssetTags.NextNumberAsync(db, "PC", ct);
        var random = new Random(20260301);
        var items = new List<Item>();
        for (var i = 0; i < StockSize; i++)
        {
            items.Add(new Item
            {
                CategoryId = laptops.Id,
                OrganizationId = unit.Id,
                CampaignId = campaign.Id,
                Model = i % 3 == 0 ? "Dell Latitude 5490 (reconditionné)" : "Lenovo ThinkPad T480 (reconditionné)",
                SerialNumber = $"RC{today:yy}{random.Next(100000, 999999)}{i:00}",
                AssetTag = AssetTags.Format("PC", next + i),
                Condition = ItemCondition.New,
                PurchasedOn = campaign.StartsOn.AddDays(-10),
                Cost = 145m,
                FundingSource = "Département de la Loire — appel à projets",
                Accessories = [new ItemAccessory { Name = "Chargeur" }, new ItemAccessory { Name = "Sacoche" }],
                CreatedAt = now,
                ModifiedAt = now,
            });
        }

        db.Items.AddRange(items);
        await db.SaveChangesAsync(ct);
        var events = items.Select(i => new ItemEvent { ItemId = i.Id, Kind = ItemEventKind.Created, Text = $"Ajouté au stock de la campagne « {CampaignName} ».", ActorName = "Données de démonstration", At = now }).ToList();

        var purpose = CampaignConsent.Purpose(CampaignName, unit.Name);
        for (var r = 0; r < ReferralCount; r++)
        {
            var commune = BeneficiaryCommunes.Find(Communes[random.Next(Communes.Length)]);
            var created = now.AddDays(-70 + (r * 2)).AddHours(random.Next(0, 6));
            var referral = new Referral
            {
                CampaignId = campaign.Id,
                PrescriberOrganizationId = missionLocale.Id,
                FirstName = FirstNames[r],
                LastName = LastNames[(r * 7) % LastNames.Length],
                BirthYear = today.Year - random.Next(16, 26),
                CommuneCode = commune?.Code,
                CommuneName = commune?.Name,
                Phone = random.Next(3) == 0 ? null : $"07 {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)}",
                Need = Needs[random.Next(Needs.Length)],
                ConsentAt = created,
                ConsentPurpose = purpose,
                CreatedByName = prescriberName,
                Status = ReferralStatus.Referred,
                CreatedAt = created,
                ModifiedAt = created,
            };

            // The first 15 are equipped: 10 loans (the first one overdue, the last two returned), then 5 donations.
            if (r < 15)
            {
                var item = items[r];
                var on = DateOnly.FromDateTime(created.UtcDateTime).AddDays(5);
                referral.ItemId = item.Id;
                referral.AttributedOn = on;
                referral.AttributedByName = coordinator;
                referral.AgreementSignedName = $"{referral.FirstName} {referral.LastName}";
                referral.Status = ReferralStatus.Attributed;
                if (r < 10)
                {
                    referral.Kind = AttributionKind.Loan;
                    referral.DueDate = r == 0 ? today.AddDays(-8) : on.AddMonths(6);
                    item.Status = ItemStatus.OnLoan;
                    events.Add(new ItemEvent { ItemId = item.Id, Kind = ItemEventKind.Attributed, Text = "Prêté à une personne orientée par la Mission locale.", ActorName = coordinator, At = created.AddDays(5) });
                    if (r >= 8)
                    {
                        referral.Status = ReferralStatus.Returned;
                        referral.ReturnedOn = on.AddDays(30);
                        referral.ReturnNote = "A trouvé un emploi et s'est équipé : ordinateur rendu en bon état.";
                        item.Status = ItemStatus.Available;
                        events.Add(new ItemEvent { ItemId = item.Id, Kind = ItemEventKind.Returned, Text = "Rendu par la personne orientée.", ActorName = coordinator, At = created.AddDays(35) });
                    }
                }
                else
                {
                    referral.Kind = AttributionKind.Donation;
                    item.Status = ItemStatus.Donated;
                    events.Add(new ItemEvent { ItemId = item.Id, Kind = ItemEventKind.Attributed, Text = "Donné à une personne orientée par la Mission locale.", ActorName = coordinator, At = created.AddDays(5) });
                }
            }
            else if (r == 22)
            {
                referral.Status = ReferralStatus.Declined;
            }
            else if (r == 23)
            {
                referral.Status = ReferralStatus.Withdrawn;
            }

            db.Referrals.Add(referral);
        }

        db.ItemEvents.AddRange(events);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Demo campaign seeded: {Items} laptops, {Referrals} referrals in {Ms} ms", StockSize, ReferralCount, (int)clock.GetElapsedTime(started).TotalMilliseconds);
    }
}
