using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Maillage.Features.Lieux.Standard;

/// <summary>One allowed value of a multi-valued field: the code written in files and the label shown to people.</summary>
/// <param name="SinceVersion">The first schema version that accepts the code ("1.0.1" for the published list).</param>
public sealed record VocabularyTerm(string Code, string Label, string SinceVersion = PlaceVocabulary.PublishedVersion);

/// <summary>The closed list of values of one multi-valued field of the national schema.</summary>
public sealed class VocabularyList
{
    private readonly Dictionary<string, string> byKey;

    internal VocabularyList(string field, string noun, IReadOnlyList<VocabularyTerm> terms, bool enforced = true)
    {
        Field = field;
        Noun = noun;
        Terms = terms;
        Enforced = enforced;
        byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            byKey.TryAdd(Key(term.Code), term.Code);
            byKey.TryAdd(Key(term.Label), term.Code);
        }
    }

    /// <summary>The schema field name, e.g. "services".</summary>
    public string Field { get; }

    /// <summary>French noun phrase used in messages, e.g. "un service reconnu".</summary>
    public string Noun { get; }

    public IReadOnlyList<VocabularyTerm> Terms { get; }

    /// <summary>False when the schema publishes the list but sets no constraint (typologie): unknown codes are kept.</summary>
    public bool Enforced { get; }

    /// <summary>Every accepted code, in the schema's order (v1.0.1 and later additions).</summary>
    public IReadOnlyList<string> Codes => [.. Terms.Select(t => t.Code)];

    /// <summary>The codes accepted by one schema version ("1.0.1" or "1.0.2").</summary>
    public IReadOnlyList<string> CodesIn(string version) =>
        [.. Terms.Where(t => string.CompareOrdinal(t.SinceVersion, version) <= 0).Select(t => t.Code)];

    public bool Contains(string code) => Terms.Any(t => t.Code == code);

    /// <summary>The French label of a code; an unknown code is shown as is.</summary>
    public string LabelOf(string code) => Terms.FirstOrDefault(t => t.Code == code)?.Label ?? code;

    /// <summary>
    /// The canonical code for a value typed by a person: exact code, or code or label ignoring case,
    /// accents spacing and apostrophe style. Null when nothing matches.
    /// </summary>
    public string? Normalize(string value) =>
        Contains(value) ? value : byKey.TryGetValue(Key(value), out var code) ? code : null;

    private static string Key(string value)
    {
        var decomposed = value.Replace('’', '\'').Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || char.IsWhiteSpace(c))
            {
                continue;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}

/// <summary>
/// The value lists and constraints of the national "lieux de médiation numérique" schema v1.0.x,
/// held in code. PlaceVocabularyTests checks them against schema-v1.0.1.json and schema-v1.0.2.json.
/// </summary>
public static class PlaceVocabulary
{
    public const string PublishedVersion = "1.0.1";
    public const string LatestVersion = "1.0.2";

    public const int SummaryMaxLength = 280;

    // Patterns exactly as written in the schema (compared character for character by the tests).
    public const string PivotPattern = "^[a-zA-Z0-9]{9,14}$";
    public const string PostalCodePattern = "^\\d{5}$";
    public const string InseeCodePattern = "^([013-9]\\d|2[AB1-9])\\d{3}$";
    public const string PhonePattern = "^(\\+33|\\+590|\\+594|\\+262|\\+596|\\+269|\\+687|\\+689|\\+508|\\+681)(\\d){6,9}$";

    // ECMAScript mode keeps \d to ASCII digits, as in the schema's own (JavaScript / Python) validators.
    internal static readonly Regex Pivot = new(PivotPattern, RegexOptions.ECMAScript);
    internal static readonly Regex PostalCode = new(PostalCodePattern, RegexOptions.ECMAScript);
    internal static readonly Regex InseeCode = new(InseeCodePattern, RegexOptions.ECMAScript);
    internal static readonly Regex Phone = new(PhonePattern, RegexOptions.ECMAScript);

    // Not in the schema: the HTML "valid e-mail address" grammar (what a browser's type=email accepts),
    // plus a dot in the domain since a place's public contact address must be reachable on the internet.
    internal static readonly Regex Email = new(
        "^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$",
        RegexOptions.ECMAScript);

    public static readonly VocabularyList Services = new("services", "un service reconnu",
    [
        new("Aide aux démarches administratives", "Aide aux démarches administratives"),
        new("Maîtrise des outils numériques du quotidien", "Maîtrise des outils numériques du quotidien"),
        new("Insertion professionnelle via le numérique", "Insertion professionnelle via le numérique"),
        new("Utilisation sécurisée du numérique", "Utilisation sécurisée du numérique"),
        new("Parentalité et éducation avec le numérique", "Parentalité et éducation avec le numérique"),
        new("Loisirs et créations numériques", "Loisirs et créations numériques"),
        new("Compréhension du monde numérique", "Compréhension du monde numérique"),
        new("Accès internet et matériel informatique", "Accès internet et matériel informatique"),
        new("Acquisition de matériel informatique à prix solidaire", "Acquisition de matériel informatique à prix solidaire"),
    ]);

    public static readonly VocabularyList SpecificPublics = new("publics_specifiquement_adresses", "un public reconnu",
    [
        new("Jeunes", "Jeunes"),
        new("Étudiants", "Étudiants"),
        new("Familles et/ou enfants", "Familles et/ou enfants"),
        new("Seniors", "Seniors"),
        new("Femmes", "Femmes"),
    ]);

    public static readonly VocabularyList SpecificSupport = new("prise_en_charge_specifique", "une prise en charge reconnue",
    [
        new("Surdité", "Surdité"),
        new("Handicaps moteurs", "Handicaps moteurs"),
        new("Handicaps mentaux", "Handicaps mentaux"),
        new("Illettrisme", "Illettrisme"),
        new("Langues étrangères (anglais)", "Langues étrangères (anglais)"),
        new("Langues étrangères (autres)", "Langues étrangères (autres)"),
        new("Déficience visuelle", "Déficience visuelle"),
    ]);

    public static readonly VocabularyList Fees = new("frais_a_charge", "une condition financière reconnue",
    [
        new("Gratuit", "Gratuit"),
        new("Gratuit sous condition", "Gratuit sous condition"),
        new("Payant", "Payant"),
    ]);

    public static readonly VocabularyList NationalPrograms = new("dispositif_programmes_nationaux", "un dispositif ou programme national reconnu",
    [
        new("Aidants Connect", "Aidants Connect"),
        new("Bibliothèques numérique de référence", "Bibliothèques numérique de référence"),
        new("Certification PIX", "Certification PIX"),
        new("Conseillers numériques", "Conseillers numériques"),
        new("Emmaüs Connect", "Emmaüs Connect"),
        new("France Services", "France Services"),
        new("Grande école du numérique", "Grande école du numérique"),
        new("La Croix Rouge", "La Croix Rouge"),
        new("Point d'accès numérique CAF", "Point d'accès numérique CAF"),
        new("Promeneurs du net", "Promeneurs du net"),
        new("Relais numérique (Emmaüs Connect)", "Relais numérique (Emmaüs Connect)"),
    ]);

    public static readonly VocabularyList TrainingsAndLabels = new("formations_labels", "une formation ou un label reconnu",
    [
        new("Formé à « Mon Espace Santé »", "Formé à « Mon Espace Santé »"),
        new("Formé à « DUPLEX » (illettrisme)", "Formé à « DUPLEX » (illettrisme)"),
        new("Arnia/MedNum BFC (Bourgogne-Franche-Comté)", "Arnia/MedNum BFC (Bourgogne-Franche-Comté)"),
        new("Collectif ressources et acteurs réemploi (Normandie)", "Collectif ressources et acteurs réemploi (Normandie)"),
        // v1.0.2 writes the code without the space before the parenthesis; the label keeps it.
        new("Étapes numériques(La Poste)", "Étapes numériques (La Poste)", "1.0.2"),
        new("Fabriques de Territoire", "Fabriques de Territoire"),
        new("Les Éclaireurs du numérique (Drôme)", "Les Éclaireurs du numérique (Drôme)"),
        new("Mes Papiers (Métropole de Lyon)", "Mes Papiers (Métropole de Lyon)"),
        new("ORDI 3.0", "ORDI 3.0"),
        new("SUD LABS (PACA)", "SUD LABS (PACA)"),
    ]);

    public static readonly VocabularyList AccessModes = new("modalites_acces", "une modalité d'accès reconnue",
    [
        new("Se présenter", "Se présenter"),
        new("Téléphoner", "Téléphoner"),
        new("Contacter par mail", "Contacter par mail"),
        new("Prendre un RDV en ligne", "Prendre un RDV en ligne"),
        new("Ce lieu n'accueille pas de public", "Ce lieu n'accueille pas de public"),
        new("Envoyer un mail avec une fiche de prescription", "Envoyer un mail avec une fiche de prescription"),
    ]);

    public static readonly VocabularyList SupportModes = new("modalites_accompagnement", "une modalité d'accompagnement reconnue",
    [
        new("En autonomie", "En autonomie"),
        new("Accompagnement individuel", "Accompagnement individuel"),
        new("Dans un atelier collectif", "Dans un atelier collectif : j'apprends collectivement à utiliser le numérique"),
        new("À distance", "À distance (par téléphone ou en visioconférence)"),
    ]);

    public static readonly VocabularyList Itinerance = new("itinerance", "une valeur d'itinérance reconnue",
    [
        new("Itinérant", "Itinérant"),
        new("Fixe", "Fixe"),
    ]);

    /// <summary>
    /// The data·inclusion structure types the schema refers to. The schema sets no constraint on this field,
    /// so unknown codes are kept and shown as is; the list serves display and input.
    /// </summary>
    public static readonly VocabularyList Typology = new("typologie", "une typologie reconnue",
    [
        new("ACI", "Atelier et chantier d'insertion (ACI)"),
        new("ACIPHC", "Atelier chantier d'insertion premières heures en chantier"),
        new("AFPA", "Agence pour la formation professionnelle des adultes (AFPA)"),
        new("AI", "Association intermédiaire (AI)"),
        new("ASE", "Aide sociale à l'enfance (ASE)"),
        new("ASSO", "Association"),
        new("ASSO_CHOMEUR", "Association de chômeurs"),
        new("Autre", "Autre"),
        new("BIB", "Bibliothèque, médiathèque"),
        new("CAARUD", "Centre d'accueil et d'accompagnement à la réduction des risques (CAARUD)"),
        new("CADA", "Centre d'accueil de demandeurs d'asile (CADA)"),
        new("CAF", "Caisse d'allocations familiales (CAF)"),
        new("CAP_EMPLOI", "Cap emploi"),
        new("CAVA", "Centre d'adaptation à la vie active (CAVA)"),
        new("CC", "Communauté de communes"),
        new("CCAS", "Centre communal d'action sociale (CCAS)"),
        new("CD", "Conseil départemental"),
        new("CHRS", "Centre d'hébergement et de réinsertion sociale (CHRS)"),
        new("CHU", "Centre d'hébergement d'urgence (CHU)"),
        new("CIAS", "Centre intercommunal d'action sociale (CIAS)"),
        new("CIDFF", "Centre d'information sur les droits des femmes et des familles (CIDFF)"),
        new("CPH", "Centre provisoire d'hébergement (CPH)"),
        new("CS", "Centre social"),
        new("CSAPA", "Centre de soins, d'accompagnement et de prévention en addictologie (CSAPA)"),
        new("CT", "Collectivité territoriale"),
        new("DEETS", "Direction de l'économie, de l'emploi, du travail et des solidarités (DEETS)"),
        new("DEPT", "Services sociaux du conseil départemental"),
        new("E2C", "École de la deuxième chance (E2C)"),
        new("EA", "Entreprise adaptée (EA)"),
        new("EI", "Entreprise d'insertion (EI)"),
        new("EPCI", "Intercommunalité (EPCI)"),
        new("EPIDE", "Établissement pour l'insertion dans l'emploi (EPIDE)"),
        new("ETTI", "Entreprise de travail temporaire d'insertion (ETTI)"),
        new("GEIQ", "Groupement d'employeurs pour l'insertion et la qualification (GEIQ)"),
        new("ML", "Mission locale"),
        new("MQ", "Maison de quartier"),
        new("MSA", "Mutualité sociale agricole (MSA)"),
        new("MSAP", "Maison de services au public (MSAP)"),
        new("MUNI", "Commune, mairie"),
        new("OF", "Organisme de formation"),
        new("PE", "France Travail (ex-Pôle emploi)"),
        new("PIJ_BIJ", "Point ou bureau information jeunesse (PIJ/BIJ)"),
        new("PIMMS", "Point information médiation multi-services (PIMMS)"),
        new("PJJ", "Protection judiciaire de la jeunesse (PJJ)"),
        new("PLIE", "Plan local pour l'insertion et l'emploi (PLIE)"),
        new("PREF", "Préfecture, sous-préfecture"),
        new("REG", "Région"),
        new("RS_FJT", "Résidence sociale, foyer de jeunes travailleurs"),
        new("SPIP", "Service pénitentiaire d'insertion et de probation (SPIP)"),
        new("TIERS_LIEUX", "Tiers-lieu, coworking"),
        new("UDAF", "Union départementale des associations familiales (UDAF)"),
    ], enforced: false);

    /// <summary>Every closed list whose values the schema constrains, by field name.</summary>
    public static readonly IReadOnlyDictionary<string, VocabularyList> Enumerations =
        new[] { Itinerance, Services, SpecificPublics, SpecificSupport, Fees, NationalPrograms, TrainingsAndLabels, AccessModes, SupportModes }
            .ToDictionary(l => l.Field);

    /// <summary>Every list held in code, the enforced ones and typologie, by field name.</summary>
    public static readonly IReadOnlyDictionary<string, VocabularyList> Lists =
        Enumerations.Values.Append(Typology).ToDictionary(l => l.Field);

    /// <summary>The single-valued patterns of the schema, by field name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Patterns = new Dictionary<string, string>
    {
        ["pivot"] = PivotPattern,
        ["code_postal"] = PostalCodePattern,
        ["code_insee"] = InseeCodePattern,
        ["telephone"] = PhonePattern,
    };

    public static bool IsValidEmail(string value) => Email.IsMatch(value);

    /// <summary>An absolute http(s) address whose host has a dot (or is an IP address).</summary>
    public static bool IsValidUrl(string value) =>
        !value.Any(char.IsWhiteSpace)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || uri.Host.Contains('.', StringComparison.Ordinal))
        && !uri.Host.EndsWith('.');
}
