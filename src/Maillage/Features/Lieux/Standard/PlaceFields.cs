using System.Globalization;

namespace Maillage.Features.Lieux.Standard;

/// <summary>A schema column: its name in files, its French title, whether it is required and multi-valued.</summary>
public sealed record PlaceField(string Name, string Title, bool Required = false, bool MultiValued = false);

/// <summary>
/// The one place where <see cref="PlaceRecord"/> properties meet the schema's field names:
/// column order, titles, text formatting for writers and text parsing for readers.
/// </summary>
public static class PlaceFields
{
    public const string Id = "id";
    public const string Pivot = "pivot";
    public const string Name = "nom";
    public const string Commune = "commune";
    public const string PostalCode = "code_postal";
    public const string InseeCode = "code_insee";
    public const string Address = "adresse";
    public const string AddressComplement = "complement_adresse";
    public const string Latitude = "latitude";
    public const string Longitude = "longitude";
    public const string Typology = "typologie";
    public const string Phone = "telephone";
    public const string Emails = "courriels";
    public const string Websites = "site_web";
    public const string OpeningHours = "horaires";
    public const string Summary = "presentation_resume";
    public const string Description = "presentation_detail";
    public const string Source = "source";
    public const string Itinerance = "itinerance";
    public const string ParentOrganization = "structure_parente";
    public const string UpdatedOn = "date_maj";
    public const string Services = "services";
    public const string SpecificPublics = "publics_specifiquement_adresses";
    public const string SpecificSupport = "prise_en_charge_specifique";
    public const string Fees = "frais_a_charge";
    public const string NationalPrograms = "dispositif_programmes_nationaux";
    public const string TrainingsAndLabels = "formations_labels";
    public const string OtherTrainingsAndLabels = "autres_formations_labels";
    public const string AccessModes = "modalites_acces";
    public const string SupportModes = "modalites_accompagnement";
    public const string AccessibilityUrl = "fiche_acces_libre";
    public const string BookingUrl = "prise_rdv";

    /// <summary>Separator of multi-valued fields in v1 files.</summary>
    public const char Separator = '|';

    /// <summary>The 32 columns in the exact order of schema v1.0.1.</summary>
    public static readonly IReadOnlyList<PlaceField> All =
    [
        new(Id, "Identifiant", Required: true),
        new(Pivot, "SIRET ou RNA", Required: true),
        new(Name, "Nom", Required: true),
        new(Commune, "Commune", Required: true),
        new(PostalCode, "Code postal", Required: true),
        new(InseeCode, "Code INSEE"),
        new(Address, "Adresse", Required: true),
        new(AddressComplement, "Complément d'adresse"),
        new(Latitude, "Latitude"),
        new(Longitude, "Longitude"),
        new(Typology, "Typologie", MultiValued: true),
        new(Phone, "Téléphone"),
        new(Emails, "Courriels", MultiValued: true),
        new(Websites, "Site web", MultiValued: true),
        new(OpeningHours, "Horaires"),
        new(Summary, "Présentation résumée"),
        new(Description, "Présentation détaillée"),
        new(Source, "Structure collectant la donnée"),
        new(Itinerance, "Itinérance", MultiValued: true),
        new(ParentOrganization, "Structure parente"),
        new(UpdatedOn, "Date de mise à jour", Required: true),
        new(Services, "Services", MultiValued: true),
        new(SpecificPublics, "Publics spécifiquement adressés", MultiValued: true),
        new(SpecificSupport, "Prise en charge spécifique", MultiValued: true),
        new(Fees, "Frais à charge", MultiValued: true),
        new(NationalPrograms, "Dispositifs et programmes nationaux", MultiValued: true),
        new(TrainingsAndLabels, "Formations et labels", MultiValued: true),
        new(OtherTrainingsAndLabels, "Autres formations et labels"),
        new(AccessModes, "Modalités d'accès", MultiValued: true),
        new(SupportModes, "Modalités d'accompagnement", MultiValued: true),
        new(AccessibilityUrl, "Fiche Accès libre"),
        new(BookingUrl, "Prise de rendez-vous"),
    ];

    /// <summary>The 32 field names in the exact order of schema v1.0.1.</summary>
    public static readonly IReadOnlyList<string> Ordered = [.. All.Select(f => f.Name)];

    public static readonly IReadOnlyDictionary<string, PlaceField> ByName = All.ToDictionary(f => f.Name);

    public static string TitleOf(string field) => ByName.TryGetValue(field, out var f) ? f.Title : field;

    /// <summary>The value of one field as written in a v1 file (multi-values joined by '|'); null when empty.</summary>
    public static string? GetText(PlaceRecord r, string field) => field switch
    {
        Id => r.Id,
        Pivot => r.Pivot,
        Name => r.Name,
        Commune => r.Commune,
        PostalCode => r.PostalCode,
        InseeCode => r.InseeCode,
        Address => r.Address,
        AddressComplement => r.AddressComplement,
        Latitude => FormatNumber(r.Latitude),
        Longitude => FormatNumber(r.Longitude),
        Typology => Join(r.Typology),
        Phone => r.Phone,
        Emails => Join(r.Emails),
        Websites => Join(r.Websites),
        OpeningHours => r.OpeningHours,
        Summary => r.Summary,
        Description => r.Description,
        Source => r.Source,
        Itinerance => Join(r.Itinerance),
        ParentOrganization => r.ParentOrganization,
        UpdatedOn => r.UpdatedOn == DateOnly.MinValue ? null : r.UpdatedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Services => Join(r.Services),
        SpecificPublics => Join(r.SpecificPublics),
        SpecificSupport => Join(r.SpecificSupport),
        Fees => Join(r.Fees),
        NationalPrograms => Join(r.NationalPrograms),
        TrainingsAndLabels => Join(r.TrainingsAndLabels),
        OtherTrainingsAndLabels => r.OtherTrainingsAndLabels,
        AccessModes => Join(r.AccessModes),
        SupportModes => Join(r.SupportModes),
        AccessibilityUrl => r.AccessibilityUrl,
        BookingUrl => r.BookingUrl,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown field"),
    };

    /// <summary>The multi-valued field as a list of codes.</summary>
    public static IReadOnlyList<string> GetList(PlaceRecord r, string field) => field switch
    {
        Typology => r.Typology,
        Emails => r.Emails,
        Websites => r.Websites,
        Itinerance => r.Itinerance,
        Services => r.Services,
        SpecificPublics => r.SpecificPublics,
        SpecificSupport => r.SpecificSupport,
        Fees => r.Fees,
        NationalPrograms => r.NationalPrograms,
        TrainingsAndLabels => r.TrainingsAndLabels,
        AccessModes => r.AccessModes,
        SupportModes => r.SupportModes,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a multi-valued field"),
    };

    /// <summary>
    /// Builds a record from v1 text values (keys are schema names; missing keys are empty).
    /// Values are trimmed; multi-values are split on '|' and known labels normalized to their code.
    /// Returns the errors of type (number, date); the schema rules are <see cref="PlaceValidator"/>'s.
    /// </summary>
    public static PlaceRecord Parse(IReadOnlyDictionary<string, string?> values, List<FieldError> errors)
    {
        string? Text(string field) =>
            values.TryGetValue(field, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        IReadOnlyList<string> List(string field)
        {
            var text = Text(field);
            if (text is null)
            {
                return [];
            }

            PlaceVocabulary.Lists.TryGetValue(field, out var vocabulary);
            return
            [
                .. text.Split(Separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(v => vocabulary?.Normalize(v) ?? v)
                    .Distinct(StringComparer.Ordinal),
            ];
        }

        double? Number(string field)
        {
            var text = Text(field);
            if (text is null)
            {
                return null;
            }

            // A French spreadsheet may write a decimal comma.
            var normalized = text.Contains('.', StringComparison.Ordinal) ? text : text.Replace(',', '.');
            if (double.TryParse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                return number;
            }

            errors.Add(new FieldError(field, text, $"La {TitleOf(field).ToLowerInvariant()} « {text} » n'est pas un nombre (exemple : 45.43389)."));
            return null;
        }

        DateOnly Date(string field)
        {
            var text = Text(field);
            if (text is null)
            {
                return DateOnly.MinValue;
            }

            string[] formats = ["yyyy-MM-dd", "dd/MM/yyyy"];
            if (DateOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            // An ISO date-time (some JSON exports): keep the date part.
            if (text.Length > 10 && text[10] == 'T'
                && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                return date;
            }

            errors.Add(new FieldError(field, text, $"La date de mise à jour « {text} » n'est pas une date valide au format AAAA-MM-JJ."));
            return DateOnly.MinValue;
        }

        return new PlaceRecord
        {
            Id = Text(Id) ?? "",
            Pivot = Text(Pivot) ?? "",
            Name = Text(Name) ?? "",
            Commune = Text(Commune) ?? "",
            PostalCode = Text(PostalCode) ?? "",
            InseeCode = Text(InseeCode),
            Address = Text(Address) ?? "",
            AddressComplement = Text(AddressComplement),
            Latitude = Number(Latitude),
            Longitude = Number(Longitude),
            Typology = List(Typology),
            Phone = Text(Phone),
            Emails = List(Emails),
            Websites = List(Websites),
            OpeningHours = Text(OpeningHours),
            Summary = Text(Summary),
            Description = Text(Description),
            Source = Text(Source),
            Itinerance = List(Itinerance),
            ParentOrganization = Text(ParentOrganization),
            UpdatedOn = Date(UpdatedOn),
            Services = List(Services),
            SpecificPublics = List(SpecificPublics),
            SpecificSupport = List(SpecificSupport),
            Fees = List(Fees),
            NationalPrograms = List(NationalPrograms),
            TrainingsAndLabels = List(TrainingsAndLabels),
            OtherTrainingsAndLabels = Text(OtherTrainingsAndLabels),
            AccessModes = List(AccessModes),
            SupportModes = List(SupportModes),
            AccessibilityUrl = Text(AccessibilityUrl),
            BookingUrl = Text(BookingUrl),
        };
    }

    private static string? Join(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(Separator, values);

    private static string? FormatNumber(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);
}
