using System.Globalization;

namespace Maillage.Features.Accompagnements.Statistiques;

/// <summary>One row of a breakdown: its label and its numbers, in the order of the table's value headers.</summary>
public sealed record FigureRow(string Label, IReadOnlyList<long> Values);

/// <summary>
/// One breakdown as the page draws it (bars and a table) and the spreadsheet writes it (one sheet): French title, what it
/// counts, headers, rows and an optional total row (only for breakdowns whose rows do not overlap).
/// </summary>
public sealed record FigureTable(
    string Id,
    string Title,
    string SheetName,
    string Definition,
    string LabelHeader,
    IReadOnlyList<string> ValueHeaders,
    IReadOnlyList<FigureRow> Rows,
    FigureRow? TotalRow,
    int BarColumn)
{
    /// <summary>The bar of a row in percent of the longest one (a non-zero value gets at least 1 %).</summary>
    public int BarPercent(FigureRow row)
    {
        var max = Rows.Max(r => r.Values[BarColumn]);
        var value = row.Values[BarColumn];
        return max <= 0 || value <= 0 ? 0 : Math.Max(1, (int)Math.Round(100.0 * value / max, MidpointRounding.AwayFromZero));
    }
}

/// <summary>The breakdowns of <see cref="ActivityFigures"/> in the order the page shows them, with French labels.</summary>
public static class FigureTables
{
    private const string ActivitiesHeader = "Activités";
    private const string AccompanimentsHeader = "Accompagnements";
    private const string PeopleHeader = "Bénéficiaires";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static IReadOnlyList<(DurationBand Value, string Label)> DurationLabels { get; } =
    [
        (DurationBand.Under30, "Moins de 30 min"),
        (DurationBand.From30To60, "De 30 min à moins d'1 h"),
        (DurationBand.From60To120, "De 1 h à moins de 2 h"),
        (DurationBand.From120, "2 h et plus"),
    ];

    public static IReadOnlyList<FigureTable> Build(ActivityFigures f)
    {
        var b = f.Beneficiaries;
        return
        [
            new("accompagnements", "Accompagnements par type d'activité", "Accompagnements",
                "Une activité est une fiche enregistrée. Un accompagnement compte une personne accompagnée : 1 par accompagnement individuel, "
                + "1 par participant d'un atelier collectif, 0 pour une demande ponctuelle (une question rapide, sans bénéficiaire).",
                "Type d'activité", [ActivitiesHeader, AccompanimentsHeader],
                [.. ActivityLabels.All<ActivityType>().Select(t => Row(t.Label, f.ByType[t.Value]))],
                Row("Total", f.Total), BarColumn: 0),

            new("beneficiaires", "Bénéficiaires suivis ou anonymes", "Bénéficiaires",
                "Un bénéficiaire suivi a une fiche nominative (avec son consentement) : il compte une fois sur la période, quel que soit le nombre "
                + "de ses venues. Un bénéficiaire anonyme compte une fois par accompagnement individuel sans fiche, et une fois par participant "
                + "anonyme d'atelier, car rien ne permet de reconnaître une même personne anonyme d'une fois à l'autre.",
                "Type de bénéficiaire", [PeopleHeader],
                [
                    new("Suivis (fiche nominative)", [b.Followed]),
                    new("Anonymes en accompagnement individuel", [b.AnonymousIndividual]),
                    new("Anonymes en atelier collectif", [b.AnonymousWorkshop]),
                ],
                new("Total", [b.Total]), BarColumn: 0),

            new("nouveaux", "Nouveaux ou déjà accompagnés", "Nouveaux ou déjà accompagnés",
                "Un bénéficiaire suivi est « déjà accompagné » s'il a été accompagné avant le début de la période par un conseiller ou une "
                + "conseillère de la structure qui tient sa fiche, « nouveau » sinon. Pour les participants anonymes d'un atelier, on reprend ce que l'atelier a indiqué (« déjà accompagnés »). "
                + "Un accompagnement individuel anonyme ne le dit pas : il compte dans « non renseigné ».",
                "Venue", [PeopleHeader],
                [
                    new("Nouveaux", [b.New]),
                    new("Déjà accompagnés", [b.Returning]),
                    new("Non renseigné", [b.UnknownHistory]),
                ],
                new("Total", [b.Total]), BarColumn: 0),

            new("thematiques", "Thématiques", "Thématiques",
                "Les activités portant sur chaque thématique, et leurs accompagnements. Une activité peut avoir plusieurs thématiques : "
                + "elle compte dans chacune, la somme des lignes dépasse donc le total.",
                "Thématique", [ActivitiesHeader, AccompanimentsHeader],
                [.. ActivityLabels.All<ActivityTheme>().Select(t => Row(t.Label, f.ByTheme[t.Value]))],
                null, BarColumn: 1),

            new("demarches", "Démarches administratives", "Démarches",
                "Les activités d'aide aux démarches administratives en ligne, par famille de démarches. Une activité peut concerner plusieurs familles.",
                "Famille de démarches", [ActivitiesHeader, AccompanimentsHeader],
                [.. ActivityLabels.All<ProcedureFamily>().Select(t => Row(t.Label, f.ByProcedureFamily[t.Value]))],
                null, BarColumn: 1),

            new("durees", "Durée des activités", "Durées",
                "Les activités selon leur durée enregistrée, et leurs accompagnements.",
                "Durée", [ActivitiesHeader, AccompanimentsHeader],
                [.. DurationLabels.Select(d => Row(d.Label, f.ByDuration[d.Value]))],
                Row("Total", f.Total), BarColumn: 0),

            new("lieux", "Lieu de l'activité", "Lieux",
                "Où l'activité a eu lieu : dans un lieu d'activité du réseau, au domicile de la personne, à distance, ou dans un autre lieu.",
                "Lieu", [ActivitiesHeader, AccompanimentsHeader],
                [.. ActivityLabels.All<ActivityLocation>().Select(l => Row(l.Label, f.ByLocation[l.Value]))],
                Row("Total", f.Total), BarColumn: 0),

            new("materiel", "Matériel utilisé", "Matériel",
                "Le matériel utilisé pendant l'activité. Une activité peut en utiliser plusieurs ; « non renseigné » compte celles où rien n'a été indiqué.",
                "Matériel", [ActivitiesHeader, AccompanimentsHeader],
                [
                    .. ActivityLabels.All<ActivityEquipment>().Select(e => Row(e.Label, f.ByEquipment[e.Value])),
                    Row("Non renseigné", f.ByEquipment[ActivityEquipment.None]),
                ],
                null, BarColumn: 0),

            People("ages", "Tranche d'âge des bénéficiaires", "Tranches d'âge", "Tranche d'âge", b.ByAgeBand, b.Total,
                "Pour une fiche nominative, l'âge atteint la dernière année de la période (d'après l'année de naissance) ; pour un bénéficiaire "
                + "anonyme, la tranche indiquée ; pour les participants anonymes d'un atelier, la répartition indiquée, le reste en « non communiqué »."),
            People("genres", "Genre des bénéficiaires", "Genres", "Genre", b.ByGender, b.Total,
                "Le genre de la fiche nominative, celui indiqué pour un bénéficiaire anonyme, ou la répartition indiquée pour un atelier."),
            People("statuts", "Statut des bénéficiaires", "Statuts", "Statut", b.ByStatus, b.Total,
                "Le statut de la fiche nominative, celui indiqué pour un bénéficiaire anonyme, ou la répartition indiquée pour un atelier."),

            new("mois", "Activité par mois", "Mois",
                "Les activités et accompagnements de chaque mois de la période (le premier et le dernier mois peuvent être partiels).",
                "Mois", [ActivitiesHeader, AccompanimentsHeader],
                [.. f.ByMonth.Select(m => Row(MonthLabel(m.Year, m.Month), m.Count))],
                Row("Total", f.Total), BarColumn: 1),
        ];
    }

    /// <summary>« janvier 2026 ».</summary>
    public static string MonthLabel(int year, int month) => new DateOnly(year, month, 1).ToString("MMMM yyyy", French);

    private static FigureRow Row(string label, ActivityCount count) => new(label, [count.Activities, count.Accompaniments]);

    private static FigureTable People<T>(string id, string title, string sheet, string header, IReadOnlyDictionary<T, int> counts, int total, string definition)
        where T : struct, Enum =>
        new(id, title, sheet, definition + " Chaque bénéficiaire compte comme dans « Bénéficiaires suivis ou anonymes ».", header, [PeopleHeader],
            [.. ActivityLabels.All<T>().Select(x => new FigureRow(x.Label, [counts[x.Value]]))],
            new("Total", [total]), BarColumn: 0);
}
