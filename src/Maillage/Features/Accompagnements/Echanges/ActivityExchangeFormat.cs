using System.Globalization;
using System.Text;
using Maillage.Features.Lieux.Standard;
using Maillage.Features.Territoires;
using Maillage.Shared.Text;

namespace Maillage.Features.Accompagnements.Echanges;

/// <summary>One problem of an imported file: its line (1 = header, 0 = the whole file), its column when one is at fault, a French message.</summary>
public sealed record ActivityLineError(int Line, string? Column, string Message);

/// <summary>What the export writes for one record (a projection: no named beneficiary's identity is ever read).</summary>
public sealed class ActivityExportItem
{
    public long Id { get; init; }
    public ActivityType Type { get; init; }
    public DateOnly Date { get; init; }
    public int DurationMinutes { get; init; }
    public int ParticipantCount { get; init; }
    public ActivityLocation Location { get; init; }
    public string? PlaceName { get; init; }
    public string? PlaceAddress { get; init; }
    public string? PlaceCommune { get; init; }
    public string? PlacePostalCode { get; init; }
    public string? PlaceInseeCode { get; init; }
    public string? LocationCommuneCode { get; init; }
    public ActivityEquipment Equipment { get; init; }
    public ActivityTheme Themes { get; init; }
    public ProcedureFamily ProcedureFamilies { get; init; }
    public string? ProcedureName { get; init; }
    public Autonomy? Autonomy { get; init; }
    public string? WorkshopTitle { get; init; }
    public WorkshopLevel? WorkshopLevel { get; init; }
    public ReferralTarget? Referral { get; init; }
    public AgeBand BeneficiaryAgeBand { get; init; }
    public Gender BeneficiaryGender { get; init; }
    public BeneficiaryStatus BeneficiaryStatus { get; init; }
    public string? BeneficiaryCommuneCode { get; init; }

    /// <summary>Set when the record is tied to a named file: its birth year, commune, gender and status replace the anonymous fields.</summary>
    public bool HasFile { get; init; }
    public int? FileBirthYear { get; init; }
    public string? FileCommuneCode { get; init; }
    public Gender FileGender { get; init; }
    public BeneficiaryStatus FileStatus { get; init; }
}

/// <summary>A line of an imported file read into an activity input, with the place to look up and the file's ID.</summary>
public sealed record ActivityImportLine(int Line, ActivityInput Input, string? Id, string? PlaceName, string? PlaceInseeCode);

/// <summary>
/// The columns of the national tool's « Activités » export, in its order and with its French headers, and the conversion of
/// a record to a line and back. Labels come from <see cref="ActivityLabels"/>; multi-values are joined with « , » and read
/// back tolerantly (case, accents, « ; » or « | » separators). Dates are dd/MM/yyyy. A named beneficiary is written as commune,
/// age band, gender and status only: never a name.
/// </summary>
public static class ActivityExchangeFormat
{
    public const string Date = "Date";
    public const string Type = "Type";
    public const string Participants = "Participants";
    public const string Channel = "Canaux";
    public const string PlaceName = "Nom du lieu";
    public const string PlaceAddress = "Adresse du lieu";
    public const string PlaceCommune = "Commune du lieu";
    public const string PlacePostalCode = "Code postal du lieu";
    public const string PlaceInseeCode = "Code INSEE du lieu";
    public const string Duration = "Durée (min)";
    public const string WorkshopTitle = "Nom de l'atelier";
    public const string Equipment = "Matériel";
    public const string Themes = "Thématique(s)";
    public const string ProcedureFamilies = "Démarche(s)";
    public const string ProcedureName = "Nom de la démarche";
    public const string Level = "Niveau d'autonomie ou de l'atelier";
    public const string Referred = "Bénéficiaire réorienté";
    public const string ReferralTarget = "Structure de redirection";
    public const string BeneficiaryCommune = "Commune du bénéficiaire";
    public const string BeneficiaryInseeCode = "Code INSEE du bénéficiaire";
    public const string AgeBand = "Tranche d'âge";
    public const string Gender = "Genre";
    public const string Status = "Statut";
    public const string Id = "ID";

    public const char Delimiter = ';';
    public const string DateFormat = "dd/MM/yyyy";
    public const string ListSeparator = ", ";
    public const string Yes = "Oui";
    public const string No = "Non";

    /// <summary>The headers, in the order of the national tool.</summary>
    public static readonly IReadOnlyList<string> Headers =
    [
        Date, Type, Participants, Channel, PlaceName, PlaceAddress, PlaceCommune, PlacePostalCode, PlaceInseeCode, Duration,
        WorkshopTitle, Equipment, Themes, ProcedureFamilies, ProcedureName, Level, Referred, ReferralTarget,
        BeneficiaryCommune, BeneficiaryInseeCode, AgeBand, Gender, Status, Id,
    ];

    /// <summary>Columns a file must hold to be read at all; the others may be absent (then empty).</summary>
    public static readonly IReadOnlyList<string> Required = [Date, Type, Channel, Duration, Themes];

    private static readonly Dictionary<string, string> HeadersByKey = Headers.ToDictionary(Key, h => h, StringComparer.Ordinal);

    /// <summary>The column a header names (case, accents, spacing and punctuation ignored), or null.</summary>
    public static string? Column(string? header) =>
        header is not null && HeadersByKey.TryGetValue(Key(header), out var column) ? column : null;

    /// <summary>Which column shows a rule's error (keyed by <see cref="ActivityInput"/> property).</summary>
    public static string ColumnOf(string field) => field switch
    {
        nameof(ActivityInput.Type) => Type,
        nameof(ActivityInput.Date) => Date,
        nameof(ActivityInput.DurationMinutes) => Duration,
        nameof(ActivityInput.Location) => Channel,
        nameof(ActivityInput.PlaceId) => PlaceName,
        nameof(ActivityInput.LocationCommuneCode) => PlaceInseeCode,
        nameof(ActivityInput.Equipment) => Equipment,
        nameof(ActivityInput.Themes) => Themes,
        nameof(ActivityInput.ProcedureFamilies) => ProcedureFamilies,
        nameof(ActivityInput.ProcedureName) => ProcedureName,
        nameof(ActivityInput.Autonomy) or nameof(ActivityInput.WorkshopLevel) => Level,
        nameof(ActivityInput.Referral) or nameof(ActivityInput.ReferralPlaceId) => ReferralTarget,
        nameof(ActivityInput.WorkshopTitle) => WorkshopTitle,
        nameof(ActivityInput.AnonymousParticipants) or nameof(ActivityInput.ParticipantIds) => Participants,
        nameof(ActivityInput.BeneficiaryCommuneCode) => BeneficiaryInseeCode,
        _ => field,
    };

    /// <summary>The values of one record, in <see cref="Headers"/> order.</summary>
    public static string[] ToRow(ActivityExportItem a)
    {
        var individual = a.Type == ActivityType.Individual;
        string placeName = "", placeAddress = "", placeCommune = "", placePostal = "", placeInsee = "";
        if (a.Location == ActivityLocation.Place)
        {
            placeName = a.PlaceName ?? "";
            placeAddress = a.PlaceAddress ?? "";
            placeCommune = a.PlaceCommune ?? "";
            placePostal = a.PlacePostalCode ?? "";
            placeInsee = a.PlaceInseeCode ?? "";
        }
        else if (a.Location is ActivityLocation.Home or ActivityLocation.OtherPlace && a.LocationCommuneCode is { Length: > 0 } code)
        {
            // « À domicile » and « autre lieu » name no place: the commune columns hold where it happened.
            placeCommune = Communes.NameOf(code) ?? "";
            placePostal = Communes.PostalCodeOf(code) ?? "";
            placeInsee = code;
        }

        string level = individual && a.Autonomy is { } autonomy ? ActivityLabels.Label(autonomy)
            : a.Type == ActivityType.Collective && a.WorkshopLevel is { } workshop ? ActivityLabels.Label(workshop) : "";

        string commune = "", insee = "", age = "", gender = "", status = "";
        if (individual)
        {
            var communeCode = a.HasFile ? a.FileCommuneCode : a.BeneficiaryCommuneCode;
            insee = communeCode ?? "";
            commune = communeCode is null ? "" : Communes.NameOf(communeCode) ?? "";
            age = ActivityLabels.Label(a.HasFile ? Beneficiary.AgeBandOf(a.FileBirthYear, a.Date) : a.BeneficiaryAgeBand);
            gender = ActivityLabels.Label(a.HasFile ? a.FileGender : a.BeneficiaryGender);
            status = ActivityLabels.Label(a.HasFile ? a.FileStatus : a.BeneficiaryStatus);
        }

        return
        [
            a.Date.ToString(DateFormat, CultureInfo.InvariantCulture),
            ActivityLabels.Label(a.Type),
            a.ParticipantCount.ToString(CultureInfo.InvariantCulture),
            ActivityLabels.Label(a.Location),
            placeName, placeAddress, placeCommune, placePostal, placeInsee,
            a.DurationMinutes.ToString(CultureInfo.InvariantCulture),
            a.WorkshopTitle ?? "",
            string.Join(ListSeparator, ActivityLabels.Labels(a.Equipment)),
            string.Join(ListSeparator, ActivityLabels.Labels(a.Themes)),
            string.Join(ListSeparator, ActivityLabels.Labels(a.ProcedureFamilies)),
            a.ProcedureName ?? "",
            level,
            a.Referral is null ? No : Yes,
            a.Referral is { } referral ? ActivityLabels.Label(referral) : "",
            commune, insee, age, gender, status,
            a.Id.ToString(CultureInfo.InvariantCulture),
        ];
    }

    /// <summary>One CSV line (no line break): « ; » separated, RFC 4180 quoting.</summary>
    public static string CsvLine(IEnumerable<string?> values) => string.Join(Delimiter, values.Select(v => CsvText.Quote(v, Delimiter)));

    /// <summary>The UTF-8 encoding with its byte order mark, so that a French Excel opens the file with its accents.</summary>
    public static readonly Encoding CsvEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    /// <summary>
    /// Reads one line (values by column; absent columns are empty) into an input. Errors are added with the column at fault;
    /// the input is null when the line cannot be read at all (no type).
    /// </summary>
    public static ActivityImportLine? Parse(int line, IReadOnlyDictionary<string, string> values, List<ActivityLineError> errors)
    {
        string Get(string column) => values.TryGetValue(column, out var v) ? v.Trim() : "";
        void Error(string column, string message) => errors.Add(new ActivityLineError(line, column, message));
        var before = errors.Count;

        var typeText = Get(Type);
        if (!LabelCache.TryParse<ActivityType>(typeText, out var type))
        {
            Error(Type, typeText.Length == 0
                ? "Indiquez le type : « Accompagnement individuel », « Atelier collectif » ou « Demande ponctuelle »."
                : $"Type « {typeText} » inconnu : « Accompagnement individuel », « Atelier collectif » ou « Demande ponctuelle » attendu.");
            return null;
        }

        var input = new ActivityInput { Type = type };

        var dateText = Get(Date);
        if (dateText.Length > 0)
        {
            if (TryParseDate(dateText, out var date))
            {
                input.Date = date;
            }
            else
            {
                Error(Date, $"Date « {dateText} » illisible : écrivez-la jj/mm/aaaa (par exemple 05/03/2025).");
            }
        }

        var durationText = Get(Duration);
        if (durationText.Length > 0)
        {
            if (TryParseMinutes(durationText, out var minutes))
            {
                input.DurationMinutes = minutes;
            }
            else
            {
                Error(Duration, $"Durée « {durationText} » illisible : indiquez un nombre de minutes (par exemple 45).");
            }
        }

        var channel = Get(Channel);
        if (channel.Length > 0)
        {
            if (LabelCache.TryParse<ActivityLocation>(channel, out var location))
            {
                input.Location = location;
            }
            else
            {
                Error(Channel, $"Canal « {channel} » inconnu : « Lieu d'activité », « À domicile », « À distance » ou « Autre lieu » attendu.");
            }
        }

        string? placeName = null, placeInsee = null;
        if (input.Location == ActivityLocation.Place)
        {
            placeName = Get(PlaceName);
            placeInsee = Insee(Get(PlaceInseeCode));
            if (placeName.Length == 0)
            {
                Error(PlaceName, "Indiquez le nom du lieu d'activité.");
            }

            if (placeInsee.Length == 0)
            {
                Error(PlaceInseeCode, "Indiquez le code INSEE de la commune du lieu d'activité.");
            }
        }
        else if (input.Location is ActivityLocation.Home or ActivityLocation.OtherPlace)
        {
            input.LocationCommuneCode = CommuneCode(Insee(Get(PlaceInseeCode)), Get(PlaceCommune), Get(PlacePostalCode), PlaceInseeCode, Error);
        }

        input.Equipment = Many<ActivityEquipment>(Get(Equipment), Equipment, "matériel", Error);
        input.Themes = Many<ActivityTheme>(Get(Themes), Themes, "thématique", Error);
        input.ProcedureFamilies = Many<ProcedureFamily>(Get(ProcedureFamilies), ProcedureFamilies, "démarche", Error);
        input.ProcedureName = Optional(Get(ProcedureName));

        var level = Get(Level);
        switch (type)
        {
            case ActivityType.Individual when level.Length > 0:
                if (LabelCache.TryParse<Autonomy>(level, out var autonomy))
                {
                    input.Autonomy = autonomy;
                }
                else
                {
                    Error(Level, $"Niveau d'autonomie « {level} » inconnu : « Avec guidage », « Autonome avec guidage en cas de besoin » ou « Autonome » attendu.");
                }

                break;
            case ActivityType.Collective when level.Length > 0:
                if (LabelCache.TryParse<WorkshopLevel>(level, out var workshopLevel))
                {
                    input.WorkshopLevel = workshopLevel;
                }
                else
                {
                    Error(Level, $"Niveau d'atelier « {level} » inconnu : « Débutant », « Intermédiaire » ou « Avancé » attendu.");
                }

                break;
            case ActivityType.QuickRequest when level.Length > 0:
                Error(Level, "Une demande ponctuelle n'a pas de niveau d'autonomie.");
                break;
        }

        input.WorkshopTitle = Optional(Get(WorkshopTitle));

        var participants = Get(Participants);
        if (type == ActivityType.Collective)
        {
            if (int.TryParse(participants, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count >= 1)
            {
                input.AnonymousParticipants = count;
            }
            else
            {
                Error(Participants, participants.Length == 0
                    ? "Indiquez le nombre de participants de l'atelier (au moins 1)."
                    : $"Nombre de participants « {participants} » invalide : un nombre entier d'au moins 1 est attendu.");
            }
        }
        else if (type == ActivityType.Individual && participants.Length > 0 && participants != "1")
        {
            Error(Participants, $"Un accompagnement individuel compte une personne, pas « {participants} ».");
        }

        var referred = Get(Referred);
        var target = Get(ReferralTarget);
        bool? isReferred = referred.Length == 0 ? null : YesNo(referred);
        if (referred.Length > 0 && isReferred is null)
        {
            Error(Referred, $"« {referred} » : « Oui » ou « Non » attendu.");
        }

        if (target.Length > 0)
        {
            if (!LabelCache.TryParse<ReferralTarget>(target, out var referral))
            {
                Error(ReferralTarget, $"Structure de redirection « {target} » inconnue : choisissez un type de structure de la liste nationale.");
            }
            else if (isReferred == false)
            {
                Error(Referred, "« Non » alors qu'une structure de redirection est indiquée : mettez « Oui » ou videz la structure.");
            }
            else
            {
                input.Referral = referral;
            }
        }
        else if (isReferred == true)
        {
            Error(ReferralTarget, "Le bénéficiaire est réorienté : indiquez vers quel type de structure.");
        }

        if (type == ActivityType.Individual)
        {
            input.BeneficiaryCommuneCode = CommuneCode(Insee(Get(BeneficiaryInseeCode)), Get(BeneficiaryCommune), null, BeneficiaryInseeCode, Error);
            input.BeneficiaryAgeBand = One<AgeBand>(Get(AgeBand), AgeBand, "Tranche d'âge", Error);
            input.BeneficiaryGender = One<Gender>(Get(Gender), Gender, "Genre", Error);
            input.BeneficiaryStatus = One<BeneficiaryStatus>(Get(Status), Status, "Statut", Error);
        }

        var id = Get(Id);
        if (id.Length > ActivityImporter.MaxIdLength)
        {
            Error(Id, $"L'ID ne doit pas dépasser {ActivityImporter.MaxIdLength} caractères.");
        }

        return errors.Count > before ? null : new ActivityImportLine(line, input, id.Length == 0 ? null : id, placeName, placeInsee);
    }

    public static bool TryParseDate(string text, out DateOnly date)
    {
        string[] formats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd", "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "dd-MM-yyyy", "d.M.yyyy"];
        if (DateTime.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            date = DateOnly.FromDateTime(value);
            return true;
        }

        date = default;
        return false;
    }

    private static bool TryParseMinutes(string text, out int minutes)
    {
        var clean = text.Trim();
        if (clean.EndsWith("min", StringComparison.OrdinalIgnoreCase))
        {
            clean = clean[..^3].Trim();
        }

        if (int.TryParse(clean, NumberStyles.Integer, CultureInfo.InvariantCulture, out minutes))
        {
            return true;
        }

        // A spreadsheet may hold 45 as « 45,0 » or « 45.0 ».
        if (decimal.TryParse(clean.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number)
            && number is >= int.MinValue and <= int.MaxValue)
        {
            minutes = (int)number;
            return true;
        }

        return false;
    }

    /// <summary>A spreadsheet that took « 01053 » for a number wrote « 1053 »: the leading zero comes back.</summary>
    private static string Insee(string code) => code.Length == 4 && code.All(char.IsAsciiDigit) ? "0" + code : code;

    private static bool? YesNo(string text) => Key(text) switch
    {
        "oui" or "o" or "yes" or "y" or "vrai" or "true" or "1" => true,
        "non" or "n" or "no" or "faux" or "false" or "0" => false,
        _ => null,
    };

    private static string? Optional(string text) => text.Length == 0 ? null : text;

    private static List<T> Many<T>(string text, string column, string what, Action<string, string> error) where T : struct, Enum
    {
        var result = new List<T>();
        foreach (var part in text.Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (LabelCache.TryParse<T>(part, out var value))
            {
                if (!result.Contains(value))
                {
                    result.Add(value);
                }
            }
            else
            {
                error(column, $"« {part} » n'est pas une valeur connue de {what} : utilisez les libellés de la liste nationale.");
            }
        }

        return result;
    }

    private static T One<T>(string text, string column, string what, Action<string, string> error) where T : struct, Enum
    {
        if (text.Length == 0)
        {
            return default;
        }

        if (LabelCache.TryParse<T>(text, out var value))
        {
            return value;
        }

        var expected = string.Join(", ", ActivityLabels.All<T>().Select(x => $"« {x.Label} »"));
        error(column, $"{what} « {text} » inconnu(e) : {expected} attendu.");
        return default;
    }

    /// <summary>The INSEE code of a commune column pair: the code when given (checked), else the name (with the postal code if ambiguous).</summary>
    private static string? CommuneCode(string code, string name, string? postalCode, string column, Action<string, string> error)
    {
        if (code.Length > 0)
        {
            if (Communes.NameOf(code) is null)
            {
                error(column, $"Code INSEE « {code} » inconnu : une commune française est attendue (5 caractères, par exemple 42218).");
            }

            return code;
        }

        if (name.Length == 0)
        {
            return null;
        }

        var found = Communes.ByName(name, postalCode);
        if (found.Count == 1)
        {
            return found[0];
        }

        error(column, found.Count == 0
            ? $"Commune « {name} » introuvable : indiquez son code INSEE."
            : $"Plusieurs communes s'appellent « {name} » : indiquez son code INSEE.");
        return null;
    }

    private static string Key(string text) => TextFold.Fold(text).Replace(" ", "", StringComparison.Ordinal);
}

/// <summary>
/// <see cref="ActivityLabels.TryParse"/> with the folded labels computed once per list: an import reads each label of hundreds
/// of thousands of lines, and folding every candidate label on every call dominated its time. Same folding, same result.
/// </summary>
internal static class LabelCache
{
    public static bool TryParse<T>(string? label, out T value) where T : struct, Enum
    {
        value = default;
        return !string.IsNullOrWhiteSpace(label) && Cache<T>.ByKey.TryGetValue(Key(label), out value);
    }

    private static string Key(string text) => TextFold.Fold(text).Replace(" ", "", StringComparison.Ordinal);

    private static class Cache<T> where T : struct, Enum
    {
        public static readonly Dictionary<string, T> ByKey = ActivityLabels.All<T>()
            .GroupBy(x => Key(x.Label), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
    }
}

/// <summary>Commune names and postal codes from the shipped resource, looked up by INSEE code or by name.</summary>
internal static class Communes
{
    private static readonly Lazy<Dictionary<string, ReferenceNode>> ByCode = new(() =>
        CommuneResource.All.Where(n => n.Kind == TerritoryKind.Commune).GroupBy(n => n.Code).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

    private static readonly Lazy<ILookup<string, ReferenceNode>> ByFoldedName = new(() =>
        CommuneResource.All.Where(n => n.Kind == TerritoryKind.Commune).ToLookup(n => TextFold.Fold(n.Name), StringComparer.Ordinal));

    public static string? NameOf(string code) => ByCode.Value.TryGetValue(code.Trim(), out var node) ? node.Name : null;

    public static string? PostalCodeOf(string code) =>
        ByCode.Value.TryGetValue(code.Trim(), out var node) && node.PostalCodes is { Length: > 0 } codes ? codes.Split(',')[0] : null;

    public static IReadOnlyList<string> ByName(string name, string? postalCode)
    {
        var matches = ByFoldedName.Value[TextFold.Fold(name)].ToList();
        if (matches.Count > 1 && !string.IsNullOrWhiteSpace(postalCode))
        {
            matches = [.. matches.Where(m => m.PostalCodes?.Split(',').Contains(postalCode.Trim()) == true)];
        }

        return [.. matches.Select(m => m.Code)];
    }
}
