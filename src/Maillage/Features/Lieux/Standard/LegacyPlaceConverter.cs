using System.Text.RegularExpressions;

namespace Maillage.Features.Lieux.Standard;

/// <summary>
/// Converts the text values of a legacy v0.1.x place (old field names, ';' separators) into v1 text values.
/// Each mapping is documented in LEGACY-MAPPING.md beside this file.
/// </summary>
public static partial class LegacyPlaceConverter
{
    public const char LegacySeparator = ';';

    /// <summary>Field names that exist only in v0.1.x.</summary>
    public static readonly IReadOnlySet<string> LegacyOnlyFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "courriel", "cle_ban", "publics_accueillis", "conditions_acces", "labels_nationaux", "labels_autres", "accessibilite",
    };

    /// <summary>Every v0.1.1 field name.</summary>
    public static readonly IReadOnlySet<string> LegacyFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse", "latitude", "longitude",
        "cle_ban", "typologie", "telephone", "courriel", "site_web", "horaires", "presentation_resume", "presentation_detail",
        "source", "structure_parente", "date_maj", "services", "publics_accueillis", "conditions_acces", "labels_nationaux",
        "labels_autres", "modalites_accompagnement", "accessibilite", "prise_rdv",
    };

    /// <summary>v0.1 fields copied unchanged (same name, single value).</summary>
    private static readonly string[] SameFields =
    [
        "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse", "latitude", "longitude",
        "telephone", "horaires", "presentation_resume", "presentation_detail", "source", "structure_parente", "date_maj", "prise_rdv",
    ];

    internal static readonly IReadOnlyDictionary<string, string> Services = new Dictionary<string, string>
    {
        ["Devenir autonome dans les démarches administratives"] = "Aide aux démarches administratives",
        ["Réaliser des démarches administratives avec un accompagnement"] = "Aide aux démarches administratives",
        ["Accompagner les démarches de santé"] = "Aide aux démarches administratives",
        ["Prendre en main un smartphone ou une tablette"] = "Maîtrise des outils numériques du quotidien",
        ["Prendre en main un ordinateur"] = "Maîtrise des outils numériques du quotidien",
        ["Utiliser le numérique au quotidien"] = "Maîtrise des outils numériques du quotidien",
        ["Approfondir ma culture numérique"] = "Compréhension du monde numérique",
        ["Promouvoir la citoyenneté numérique"] = "Utilisation sécurisée du numérique",
        ["Favoriser mon insertion professionnelle"] = "Insertion professionnelle via le numérique",
        ["Créer et développer mon entreprise"] = "Insertion professionnelle via le numérique",
        ["Accéder à une connexion internet"] = "Accès internet et matériel informatique",
        ["Accéder à du matériel"] = "Accès internet et matériel informatique",
        ["S'équiper en matériel informatique"] = "Acquisition de matériel informatique à prix solidaire",
        ["Créer avec le numérique"] = "Loisirs et créations numériques",
        ["Soutenir la parentalité et l'éducation avec le numérique"] = "Parentalité et éducation avec le numérique",
    };

    /// <summary>publics_accueillis values that become a specifically addressed public (unless "Adultes" says "tout public").</summary>
    internal static readonly IReadOnlyDictionary<string, string> AgePublics = new Dictionary<string, string>
    {
        ["Seniors (+ 65 ans)"] = "Seniors",
        ["Familles/enfants"] = "Familles et/ou enfants",
        ["Jeunes (16-26 ans)"] = "Jeunes",
    };

    internal const string AdultsPublic = "Adultes";
    internal const string WomenOnlyPublic = "Uniquement femmes";

    /// <summary>publics_accueillis values that describe a support the place can give.</summary>
    internal static readonly IReadOnlyDictionary<string, string> SupportPublics = new Dictionary<string, string>
    {
        ["Public langues étrangères"] = "Langues étrangères (autres)",
        ["Déficience visuelle"] = "Déficience visuelle",
        ["Surdité"] = "Surdité",
        ["Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes comportementales"] = "Handicaps mentaux",
        ["Handicaps mentaux : déficiences limitant les activités d'une personne"] = "Handicaps mentaux",
        ["Personnes en situation d'illettrisme"] = "Illettrisme",
    };

    internal static readonly IReadOnlyDictionary<string, string> Fees = new Dictionary<string, string>
    {
        ["Gratuit : Je peux accéder gratuitement au lieu et à ses services"] = "Gratuit",
        ["Gratuit sous condition : La gratuité est conditionnée à des critères (situation familiale, convention avec un organisme social...)"] = "Gratuit sous condition",
        ["Payant : L'accès au lieu et/ou à ses services est payant"] = "Payant",
        ["Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au lieu"] = "Gratuit sous condition",
        ["Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer"] = "Payant",
    };

    internal static readonly IReadOnlyDictionary<string, string> SupportModes = new Dictionary<string, string>
    {
        ["Seul : j'ai accès à du matériel et une connexion"] = "En autonomie",
        ["Avec de l'aide : je suis accompagné seul dans l'usage du numérique"] = "Accompagnement individuel",
        ["Dans un atelier : j'apprends collectivement à utiliser le numérique"] = "Dans un atelier collectif",
        ["A ma place : une personne habilitée fait les démarches à ma place"] = "Accompagnement individuel",
    };

    /// <summary>labels_nationaux: target field and value; labels with no v1 value go to autres_formations_labels.</summary>
    internal static readonly IReadOnlyDictionary<string, (string Field, string Value)> NationalLabels = new Dictionary<string, (string, string)>
    {
        ["France Services"] = (PlaceFields.NationalPrograms, "France Services"),
        ["CNFS"] = (PlaceFields.NationalPrograms, "Conseillers numériques"),
        ["Aidants Connect"] = (PlaceFields.NationalPrograms, "Aidants Connect"),
        ["Grandes écoles du numérique"] = (PlaceFields.NationalPrograms, "Grande école du numérique"),
        ["Point relais CAF"] = (PlaceFields.NationalPrograms, "Point d'accès numérique CAF"),
        ["Point numérique CAF"] = (PlaceFields.NationalPrograms, "Point d'accès numérique CAF"),
        ["Fabriques de Territoire"] = (PlaceFields.TrainingsAndLabels, "Fabriques de Territoire"),
        ["APTIC"] = (PlaceFields.OtherTrainingsAndLabels, "APTIC"),
        ["Relais pôle emploi"] = (PlaceFields.OtherTrainingsAndLabels, "Relais pôle emploi"),
        ["French Tech"] = (PlaceFields.OtherTrainingsAndLabels, "French Tech"),
        ["Campus connecté"] = (PlaceFields.OtherTrainingsAndLabels, "Campus connecté"),
    };

    /// <summary>
    /// Converts one legacy place. Unknown legacy values are reported (with the legacy field name) and left out;
    /// a value already written in its v1 form is accepted as is.
    /// </summary>
    public static Dictionary<string, string?> ToV1(IReadOnlyDictionary<string, string?> legacy, List<FieldError> errors)
    {
        var v1 = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in SameFields)
        {
            if (legacy.TryGetValue(field, out var value))
            {
                v1[field] = value;
            }
        }

        v1[PlaceFields.Typology] = Join(Split(legacy, "typologie"));
        v1[PlaceFields.Emails] = Join(SplitList(Get(legacy, "courriel"), EmailSeparators()));
        v1[PlaceFields.Websites] = Join(SplitList(Get(legacy, "site_web"), UrlSeparators()));
        v1[PlaceFields.AccessibilityUrl] = Get(legacy, "accessibilite");

        v1[PlaceFields.Services] = Join(MapAll(legacy, "services", Services, PlaceVocabulary.Services, "un service reconnu", errors));
        v1[PlaceFields.Fees] = Join(MapAll(legacy, "conditions_acces", Fees, PlaceVocabulary.Fees, "une condition d'accès reconnue", errors));
        v1[PlaceFields.SupportModes] = Join(MapAll(legacy, "modalites_accompagnement", SupportModes, PlaceVocabulary.SupportModes,
            "une modalité d'accompagnement reconnue", errors));

        ConvertPublics(legacy, v1, errors);
        ConvertLabels(legacy, v1, errors);
        return v1;
    }

    private static void ConvertPublics(IReadOnlyDictionary<string, string?> legacy, Dictionary<string, string?> v1, List<FieldError> errors)
    {
        var values = Split(legacy, "publics_accueillis");
        var allPublic = values.Contains(AdultsPublic);
        var publics = new List<string>();
        var support = new List<string>();
        foreach (var value in values)
        {
            if (value == AdultsPublic)
            {
                continue;
            }

            if (value == WomenOnlyPublic)
            {
                publics.Add("Femmes");
            }
            else if (AgePublics.TryGetValue(value, out var age))
            {
                if (!allPublic)
                {
                    publics.Add(age);
                }
            }
            else if (SupportPublics.TryGetValue(value, out var s))
            {
                support.Add(s);
            }
            else if (PlaceVocabulary.SpecificPublics.Normalize(value) is { } p)
            {
                publics.Add(p);
            }
            else if (PlaceVocabulary.SpecificSupport.Normalize(value) is { } sp)
            {
                support.Add(sp);
            }
            else
            {
                errors.Add(Unknown("publics_accueillis", value, "un public reconnu"));
            }
        }

        v1[PlaceFields.SpecificPublics] = Join(publics);
        v1[PlaceFields.SpecificSupport] = Join(support);
    }

    private static void ConvertLabels(IReadOnlyDictionary<string, string?> legacy, Dictionary<string, string?> v1, List<FieldError> errors)
    {
        var programs = new List<string>();
        var labels = new List<string>();
        var others = new List<string>();
        foreach (var value in Split(legacy, "labels_nationaux"))
        {
            if (NationalLabels.TryGetValue(value, out var target))
            {
                (target.Field switch
                {
                    PlaceFields.NationalPrograms => programs,
                    PlaceFields.TrainingsAndLabels => labels,
                    _ => others,
                }).Add(target.Value);
            }
            else if (PlaceVocabulary.NationalPrograms.Normalize(value) is { } program)
            {
                programs.Add(program);
            }
            else
            {
                errors.Add(Unknown("labels_nationaux", value, "un label national reconnu"));
            }
        }

        others.AddRange(Split(legacy, "labels_autres"));
        v1[PlaceFields.NationalPrograms] = Join(programs);
        v1[PlaceFields.TrainingsAndLabels] = Join(labels);
        v1[PlaceFields.OtherTrainingsAndLabels] = others.Count == 0 ? null : string.Join(", ", others.Distinct());
    }

    private static List<string> MapAll(IReadOnlyDictionary<string, string?> legacy, string field,
        IReadOnlyDictionary<string, string> map, VocabularyList v1List, string noun, List<FieldError> errors)
    {
        var result = new List<string>();
        foreach (var value in Split(legacy, field))
        {
            var mapped = map.TryGetValue(value, out var m) ? m
                : map.FirstOrDefault(p => string.Equals(p.Key, value, StringComparison.OrdinalIgnoreCase)).Value
                ?? v1List.Normalize(value);
            if (mapped is null)
            {
                errors.Add(Unknown(field, value, noun));
            }
            else
            {
                result.Add(mapped);
            }
        }

        return result;
    }

    private static FieldError Unknown(string field, string value, string noun) =>
        new(field, value, $"« {value} » n'est pas {noun} dans l'ancien format 0.1 du standard.");

    private static string? Get(IReadOnlyDictionary<string, string?> values, string field) =>
        values.TryGetValue(field, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static List<string> Split(IReadOnlyDictionary<string, string?> values, string field) =>
        SplitList(Get(values, field), null);

    private static List<string> SplitList(string? text, Regex? separators)
    {
        if (text is null)
        {
            return [];
        }

        var parts = separators is null ? text.Split(LegacySeparator) : separators.Split(text);
        return [.. parts.Select(p => p.Trim()).Where(p => p.Length > 0)];
    }

    private static string? Join(IEnumerable<string> values)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? null : string.Join(PlaceFields.Separator, distinct);
    }

    // v0.1 documents ';' in its example and "a comma, no space" in its text: accept both before an address.
    [GeneratedRegex(@";|,(?=\s*https?://)")]
    private static partial Regex UrlSeparators();

    [GeneratedRegex(@"[;,\s]+")]
    private static partial Regex EmailSeparators();
}
