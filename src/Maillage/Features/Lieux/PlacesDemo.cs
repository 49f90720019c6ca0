using Maillage.Data;
using Maillage.Features.Structures;
using Maillage.Features.Territoires;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Lieux;

/// <summary>
/// Saint-Étienne's network as the press describes it: 16 espaces de pratiques numériques — 9 de quartier, 5 thématiques
/// (jeunesse, culture, emploi, seniors, médiation numérique) and 2 both (e-administration, parentalité numérique) — in the
/// real quartiers, with invented names, addresses and hours.
/// </summary>
public sealed class PlacesDemo(AppDbContext db, TimeProvider clock) : IDemoContributor
{
    public int Order => 10;

    private sealed record Demo(string Name, PlaceKind Kind, string? Theme, string Quarter, string? Organization, string Address, string PostalCode,
        double Lat, double Lon, string Hours, string[] Services, string[] Publics, string Summary);

    private const string Autonomy = "Maîtrise des outils numériques du quotidien";
    private const string Admin = "Aide aux démarches administratives";
    private const string Access = "Accès internet et matériel informatique";
    private const string Safety = "Utilisation sécurisée du numérique";

    private static readonly Demo[] Places =
    [
        new("EPN de la Cotonne", PlaceKind.EpnQuartier, null, "Cotonne-Montferré", "Centre socioculturel de la Cotonne", "12 rue de la Cotonne", "42100", 45.4196, 4.4062, "Mo-Fr 09:00-12:00,14:00-18:00", [Autonomy, Access, Admin], [], "Un espace d'accueil où les services numériques sont proposés dès l'entrée du centre socioculturel."),
        new("EPN de Montferré", PlaceKind.EpnQuartier, null, "Cotonne-Montferré", null, "3 place Montferré", "42100", 45.4172, 4.4110, "Tu,Th 14:00-18:00; Sa 09:00-12:00", [Autonomy, Access], [], "Ordinateurs en libre accès et aide pour les premiers pas sur internet."),
        new("EPN Montreynaud — Maison des habitant·es", PlaceKind.EpnQuartier, null, "Montreynaud", null, "1 place de la Paix", "42000", 45.4575, 4.4095, "Mo-Fr 13:30-18:00", [Autonomy, Access, Safety], [], "Ateliers en petit groupe et accès libre aux ordinateurs."),
        new("EPN Beaubrun", PlaceKind.EpnQuartier, null, "Beaubrun-Tarentaize", "Quartiers Solidaires", "24 rue Beaubrun", "42000", 45.4420, 4.3790, "Mo-We 09:00-12:00; Th-Fr 14:00-18:00", [Autonomy, Access], [], "Un lieu de proximité pour apprendre à se servir d'un ordinateur ou d'un smartphone."),
        new("EPN Tarentaize", PlaceKind.EpnQuartier, null, "Beaubrun-Tarentaize", null, "5 rue de Tarentaize", "42000", 45.4405, 4.3840, "Tu-Fr 14:00-18:00", [Autonomy, Access, Admin], [], "Accompagnement individuel sur rendez-vous et accès libre l'après-midi."),
        new("EPN Solaure", PlaceKind.EpnQuartier, null, "Quartiers sud-est", null, "8 rue de Solaure", "42100", 45.4270, 4.4020, "Mo,We,Fr 09:00-12:00,14:00-17:00", [Autonomy, Access], [], "Espace numérique de quartier avec six postes et une imprimante."),
        new("EPN Crêt de Roch", PlaceKind.EpnQuartier, null, "Crêt de Roch", null, "17 rue Désiré Claude", "42000", 45.4410, 4.3935, "Tu,Th 09:00-12:00,13:30-17:30", [Autonomy, Access, Safety], [], "Aide aux usages du quotidien : e-mail, photos, achats en ligne en sécurité."),
        new("EPN Terrenoire", PlaceKind.EpnQuartier, null, "Terrenoire", null, "2 place Lanet", "42100", 45.4335, 4.4355, "We 09:00-12:00; Sa 09:00-12:00", [Autonomy, Access], [], "Permanences numériques du mercredi et du samedi matin."),
        new("EPN Bellevue", PlaceKind.EpnQuartier, null, "Bellevue", null, "30 rue Bergson", "42100", 45.4240, 4.3860, "Mo-Th 14:00-18:00", [Autonomy, Access], [], "Accès libre et accompagnement des débutants."),
        new("EPN Jeunesse — Point information jeunesse", PlaceKind.EpnThematique, "Jeunesse", "Centre-ville", "Ville de Saint-Étienne — Unité Inclusion numérique", "4 rue de la République", "42000", 45.4390, 4.3870, "Mo-Fr 13:00-18:30; Sa 10:00-12:00", ["Loisirs et créations numériques", Safety, "Insertion professionnelle via le numérique"], ["Jeunes"], "Pour les 15-25 ans : usages d'internet, réseaux sociaux, projets créatifs."),
        new("EPN Culture — Médiathèque Tarentaize", PlaceKind.EpnThematique, "Culture", "Beaubrun-Tarentaize", "Ville de Saint-Étienne — Unité Inclusion numérique", "20-24 rue Jo Gouttebarge", "42000", 45.4398, 4.3820, "Tu-Fr 10:00-18:00; Sa 10:00-17:00", ["Loisirs et créations numériques", "Compréhension du monde numérique", Access], [], "Ateliers de création numérique et de vérification des sources d'information."),
        new("EPN Emploi — MIFE Loire Sud", PlaceKind.EpnThematique, "Emploi", "Centre-ville", "MIFE Loire Sud", "19 rue Pierre Termier", "42000", 45.4350, 4.3900, "Mo-Fr 09:00-12:30,13:30-17:00", ["Insertion professionnelle via le numérique", Admin, Access], [], "Faire son CV, chercher un emploi en ligne, préparer un entretien à distance."),
        new("EPN Seniors — Office stéphanois des personnes âgées", PlaceKind.EpnThematique, "Seniors", "Centre-ville", "Office stéphanois des personnes âgées", "4 rue des Aciéries", "42000", 45.4330, 4.3950, "Mo-Fr 09:00-12:00", [Autonomy, Safety, "Compréhension du monde numérique"], ["Seniors"], "Prendre en main sa tablette, échanger en vidéo avec ses proches, se protéger des arnaques."),
        new("EPN Médiation numérique — PIMMS", PlaceKind.EpnThematique, "Médiation numérique", "Montreynaud", "PIMMS Médiation Saint-Étienne", "Place de Montreynaud", "42000", 45.4585, 4.4075, "Mo-Fr 09:00-12:00,13:30-17:00", [Admin, Autonomy], [], "Accès aux services publics et aux droits sociaux : déclarer ses revenus, son dossier médical, une plainte en ligne."),
        new("EPN e-administration — Quartiers sud-est", PlaceKind.EpnQuartierEtThematique, "E-administration", "Quartiers sud-est", "CCAS de Saint-Étienne", "10 rue Jean Jaurès", "42100", 45.4255, 4.3995, "Mo-Fr 08:30-12:00,13:30-16:30; PH off", [Admin, Access], [], "Démarches administratives en ligne avec un conseiller numérique."),
        new("EPN Parentalité numérique — Bibliothèque Pablo-Neruda", PlaceKind.EpnQuartierEtThematique, "Parentalité numérique", "Quartiers sud-est", "Bibliothèque Pablo-Neruda", "Rue Pablo Neruda", "42100", 45.4225, 4.4040, "We 10:00-12:00,14:00-18:00; Sa 10:00-12:00", ["Parentalité et éducation avec le numérique", Autonomy], ["Familles et/ou enfants"], "Accompagner ses enfants sur les écrans et suivre leur scolarité en ligne."),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        var city = await db.Territories.SingleAsync(t => t.Kind == TerritoryKind.Commune && t.Code == DemoSeeder.CityInsee, ct);
        var quarters = await db.Territories.Where(t => t.ParentId == city.Id).ToDictionaryAsync(t => t.Name, ct);
        var organizations = await db.Organizations.Where(o => o.CommuneId == city.Id).ToDictionaryAsync(o => o.Name, ct);
        var unit = organizations.Values.First(o => o.Kind == OrganizationKind.Ville);
        var now = clock.GetUtcNow();
        var index = 0;
        foreach (var demo in Places)
        {
            index++;
            var organization = demo.Organization is null ? unit : organizations[demo.Organization];
            db.Places.Add(new Place
            {
                ImportSource = Place.OwnSource,
                SourceId = $"saint-etienne-{index:00}",
                Name = demo.Name,
                Pivot = organization.Siret ?? "00000000000000",
                CommuneName = city.Name,
                PostalCode = demo.PostalCode,
                InseeCode = city.Code,
                Address = demo.Address,
                Latitude = demo.Lat,
                Longitude = demo.Lon,
                Phone = $"+3347748{index:0000}",
                OpeningHours = demo.Hours,
                Summary = demo.Summary,
                Source = "Ville de Saint-Étienne",
                UpdatedOn = DateOnly.FromDateTime(now.UtcDateTime),
                Services = Codes.Join(demo.Services),
                SpecificPublics = Codes.Join(demo.Publics),
                Fees = Codes.Join(["Gratuit"]),
                NationalPrograms = Codes.Join(["Conseillers numériques"]),
                AccessModes = Codes.Join(["Se présenter", "Téléphoner"]),
                SupportModes = Codes.Join(["En autonomie", "Accompagnement individuel"]),
                Kind = demo.Kind,
                Theme = demo.Theme,
                OrganizationId = organization.Id,
                CommuneId = city.Id,
                QuarterId = quarters[demo.Quarter].Id,
                CreatedAt = now,
                ModifiedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
    }
}
