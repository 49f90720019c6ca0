using System.Globalization;
using System.Text.RegularExpressions;
using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux.Geocoding;
using Maillage.Features.Lieux.Standard;
using Maillage.Features.Territoires;
using Maillage.Pages.Admin.Territoires;
using Maillage.Shared.OpeningHours;
using Maillage.Shared.Scoping;
using Maillage.Shared.Security;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Lieux.Gestion;

public sealed record OrganizationChoice(int Id, string Name, string? Siret, string? Rna);

public sealed record CommuneChoice(int Id, string Code, string Name, string? PostalCodes)
{
    public IReadOnlyList<string> PostalCodeList =>
        string.IsNullOrEmpty(PostalCodes) ? [] : PostalCodes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

public sealed record QuarterChoice(int Id, string Name, bool IsPriorityArea);

/// <summary>What the user may choose on the form: the organizations and communes of their scope.</summary>
public sealed record PlaceFormChoices(IReadOnlyList<OrganizationChoice> Organizations, bool OrganizationRequired, IReadOnlyList<CommuneChoice> Communes);

/// <summary>The values of a valid form, ready for <see cref="PlaceEditor"/>.</summary>
public sealed record PlaceValues(
    PlaceRecord Record, PlaceKind Kind, string? Theme, int? OrganizationId, int? CommuneId, int? QuarterId, bool IsPublished,
    string? AccessibilityNotes, string? CoordinatesSource);

/// <summary>The outcome of reading the form: French messages by input property name, or the values to save.</summary>
public sealed record PlaceFormResult(IReadOnlyDictionary<string, List<string>> Errors, PlaceValues? Values)
{
    public bool IsValid => Errors.Count == 0 && Values is not null;
}

/// <summary>
/// The back-office place form: filling it from a place, and turning what was posted into a record of the national
/// standard checked by <see cref="PlaceValidator"/> (its field errors mapped onto the form's fields) plus our rules:
/// SIRET/RNA keys, postal code ↔ INSEE code ↔ commune, coordinates in France, opening hours, and the user's scope.
/// </summary>
public static partial class PlaceForm
{
    /// <summary>Empty time slots shown per day in the grid (more when a day has more ranges).</summary>
    public const int SlotsPerDay = 3;

    public const int NameMaxLength = 300;
    public const int AddressMaxLength = 500;
    public const int ThemeMaxLength = 100;
    public const int NotesMaxLength = 2000;

    /// <summary>Above this many communes the form asks for the INSEE code in a text field rather than a (too heavy) list.</summary>
    public const int CommuneListLimit = 1000;

    /// <summary>Input property fed by each field of the national schema (id and date_maj are the server's).</summary>
    public static readonly IReadOnlyDictionary<string, string> InputOfField = new Dictionary<string, string>
    {
        [PlaceFields.Pivot] = nameof(PlaceInput.Pivot),
        [PlaceFields.Name] = nameof(PlaceInput.Name),
        [PlaceFields.Commune] = nameof(PlaceInput.InseeCode),
        [PlaceFields.PostalCode] = nameof(PlaceInput.PostalCode),
        [PlaceFields.InseeCode] = nameof(PlaceInput.InseeCode),
        [PlaceFields.Address] = nameof(PlaceInput.Address),
        [PlaceFields.AddressComplement] = nameof(PlaceInput.AddressComplement),
        [PlaceFields.Latitude] = nameof(PlaceInput.Latitude),
        [PlaceFields.Longitude] = nameof(PlaceInput.Longitude),
        [PlaceFields.Typology] = nameof(PlaceInput.Typology),
        [PlaceFields.Phone] = nameof(PlaceInput.Phone),
        [PlaceFields.Emails] = nameof(PlaceInput.Emails),
        [PlaceFields.Websites] = nameof(PlaceInput.Websites),
        [PlaceFields.OpeningHours] = nameof(PlaceInput.Hours),
        [PlaceFields.Summary] = nameof(PlaceInput.Summary),
        [PlaceFields.Description] = nameof(PlaceInput.Description),
        [PlaceFields.Source] = nameof(PlaceInput.Source),
        [PlaceFields.Itinerance] = nameof(PlaceInput.Itinerance),
        [PlaceFields.ParentOrganization] = nameof(PlaceInput.ParentOrganization),
        [PlaceFields.Services] = nameof(PlaceInput.Services),
        [PlaceFields.SpecificPublics] = nameof(PlaceInput.SpecificPublics),
        [PlaceFields.SpecificSupport] = nameof(PlaceInput.SpecificSupport),
        [PlaceFields.Fees] = nameof(PlaceInput.Fees),
        [PlaceFields.NationalPrograms] = nameof(PlaceInput.NationalPrograms),
        [PlaceFields.TrainingsAndLabels] = nameof(PlaceInput.TrainingsAndLabels),
        [PlaceFields.OtherTrainingsAndLabels] = nameof(PlaceInput.OtherTrainingsAndLabels),
        [PlaceFields.AccessModes] = nameof(PlaceInput.AccessModes),
        [PlaceFields.SupportModes] = nameof(PlaceInput.SupportModes),
        [PlaceFields.AccessibilityUrl] = nameof(PlaceInput.AccessibilityUrl),
        [PlaceFields.BookingUrl] = nameof(PlaceInput.BookingUrl),
    };

    public static bool IsThematic(PlaceKind? kind) => kind is PlaceKind.EpnThematique or PlaceKind.EpnQuartierEtThematique;

    /// <summary>The organizations and communes the user may choose. Administrators: all; coordinators: those of their
    /// territory (an organization is optional); a Structure: its own organization (required), any commune of the instance.</summary>
    public static async Task<PlaceFormChoices> ChoicesAsync(AppDbContext db, UserScope scope, CancellationToken ct)
    {
        var structureIds = scope.Grants.Where(g => g.Role == Role.Structure && g.OrganizationId is not null).Select(g => g.OrganizationId!.Value).Distinct().ToList();
        var organizations = db.Organizations.AsNoTracking();
        organizations = scope.IsAdministrator ? organizations
            : scope.Has(Role.Coordinateur) ? scope.ManagedOrganizations(organizations).Union(organizations.Where(o => structureIds.Contains(o.Id)))
            : organizations.Where(o => structureIds.Contains(o.Id));
        var orgs = await organizations.OrderBy(o => o.Name).Select(o => new OrganizationChoice(o.Id, o.Name, o.Siret, o.Rna)).ToListAsync(ct);
        var communes = await CommunesOf(db, scope).OrderBy(t => t.Name)
            .Select(t => new CommuneChoice(t.Id, t.Code, t.Name, t.PostalCodes)).ToListAsync(ct);
        return new PlaceFormChoices(orgs, !scope.IsAdministrator && !scope.Has(Role.Coordinateur), communes);
    }

    /// <summary>Communes where the user may put a place: a coordinator's territory, else every commune of the instance.</summary>
    public static IQueryable<Territory> CommunesOf(AppDbContext db, UserScope scope) =>
        scope.IsAdministrator || !scope.Has(Role.Coordinateur)
            ? db.Territories.AsNoTracking().Where(t => t.Kind == TerritoryKind.Commune)
            : scope.ManagedCommunes(db.Territories.AsNoTracking());

    public static Task<List<QuarterChoice>> QuartersAsync(AppDbContext db, int communeId, CancellationToken ct) =>
        db.Territories.AsNoTracking().Where(t => t.ParentId == communeId && t.Kind == TerritoryKind.Quartier)
            .OrderBy(t => t.Name).Select(t => new QuarterChoice(t.Id, t.Name, t.IsPriorityArea)).ToListAsync(ct);

    /// <summary>The form filled with a stored place. Hours the parser cannot read are kept as text, never dropped.</summary>
    public static PlaceInput FromPlace(Place p)
    {
        var input = new PlaceInput
        {
            Name = p.Name,
            Kind = p.Kind,
            Theme = p.Theme,
            OrganizationId = p.OrganizationId,
            Pivot = p.Pivot,
            Address = p.Address,
            AddressComplement = p.AddressComplement,
            PostalCode = p.PostalCode,
            InseeCode = p.InseeCode,
            QuarterId = p.QuarterId,
            Latitude = Format(p.Latitude),
            Longitude = Format(p.Longitude),
            CoordinatesSource = p.CoordinatesSource,
            LocatedLatitude = Format(p.Latitude),
            LocatedLongitude = Format(p.Longitude),
            Phone = p.Phone,
            Emails = string.Join('\n', Codes.Split(p.Emails)),
            Websites = string.Join('\n', Codes.Split(p.Websites)),
            BookingUrl = p.BookingUrl,
            AccessibilityUrl = p.AccessibilityUrl,
            AccessibilityNotes = p.AccessibilityNotes,
            Summary = p.Summary,
            Description = p.Description,
            Typology = [.. Codes.Split(p.Typology)],
            Services = [.. Codes.Split(p.Services)],
            SpecificPublics = [.. Codes.Split(p.SpecificPublics)],
            SpecificSupport = [.. Codes.Split(p.SpecificSupport)],
            Fees = [.. Codes.Split(p.Fees)],
            NationalPrograms = [.. Codes.Split(p.NationalPrograms)],
            TrainingsAndLabels = [.. Codes.Split(p.TrainingsAndLabels)],
            OtherTrainingsAndLabels = p.OtherTrainingsAndLabels,
            AccessModes = [.. Codes.Split(p.AccessModes)],
            SupportModes = [.. Codes.Split(p.SupportModes)],
            Itinerance = [.. Codes.Split(p.Itinerance)],
            Source = p.Source,
            ParentOrganization = p.ParentOrganization,
            IsPublished = p.IsPublished,
            Version = p.Version,
        };
        SetHours(input, p.OpeningHours);
        return input;
    }

    /// <summary>Shows hours in the grid when the parser reads them (the grid then holds them exactly), else as text.</summary>
    public static void SetHours(PlaceInput input, string? hours)
    {
        input.HoursText = hours;
        if (string.IsNullOrWhiteSpace(hours))
        {
            input.HoursMode = HoursModes.Grid;
            input.Hours = WeeklySchedule.Empty.ToGrid(SlotsPerDay);
        }
        else if (OpeningHoursParser.TryParse(hours, out var schedule, out _))
        {
            input.HoursMode = HoursModes.Grid;
            input.Hours = schedule.ToGrid(SlotsPerDay);
        }
        else
        {
            input.HoursMode = HoursModes.Text;
            input.Hours = WeeklySchedule.Empty.ToGrid(SlotsPerDay);
        }
    }

    /// <summary>Pads the grid to <see cref="SlotsPerDay"/> empty slots a day (after a post, blank slots are not bound back).</summary>
    public static void PadGrid(PlaceInput input)
    {
        var days = WeeklySchedule.Week.Select(d => input.Hours.Days.FirstOrDefault(x => x.Day == d) ?? new OpeningHoursGridDay { Day = d }).ToList();
        foreach (var day in days)
        {
            day.Slots ??= [];
            while (day.Slots.Count < SlotsPerDay)
            {
                day.Slots.Add(new OpeningHoursGridSlot());
            }
        }

        input.Hours.Days = days;
        input.Hours.PublicHolidaySlots ??= [];
        while (input.Hours.PublicHolidaySlots.Count < SlotsPerDay)
        {
            input.Hours.PublicHolidaySlots.Add(new OpeningHoursGridSlot());
        }
    }

    /// <summary>
    /// Reads and checks the posted form. <paramref name="existing"/> is the stored place when editing: its unchanged values
    /// (commune, organization, hours text) stay acceptable even where today's rules or scope would refuse them.
    /// </summary>
    public static async Task<PlaceFormResult> CheckAsync(AppDbContext db, UserScope scope, PlaceFormChoices choices, PlaceInput input, Place? existing, DateOnly today, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            if (!list.Contains(message))
            {
                list.Add(message);
            }
        }

        // Kind, theme, organization.
        if (input.Kind is null || !Enum.IsDefined(input.Kind.Value))
        {
            Add(nameof(PlaceInput.Kind), "Choisissez le type de lieu.");
        }

        var theme = Clean(input.Theme);
        if (theme is null && IsThematic(input.Kind))
        {
            Add(nameof(PlaceInput.Theme), "Indiquez le thème de cet EPN thématique (par exemple : jeunesse, emploi, seniors).");
        }
        else if (theme is { Length: > ThemeMaxLength })
        {
            Add(nameof(PlaceInput.Theme), $"Le thème ne doit pas dépasser {ThemeMaxLength} caractères.");
        }

        var organizationUnchanged = existing is not null && existing.OrganizationId == input.OrganizationId;
        if (input.OrganizationId is null)
        {
            if (choices.OrganizationRequired && !organizationUnchanged)
            {
                Add(nameof(PlaceInput.OrganizationId), "Choisissez la structure qui porte ce lieu.");
            }
        }
        else if (!organizationUnchanged && choices.Organizations.All(o => o.Id != input.OrganizationId))
        {
            Add(nameof(PlaceInput.OrganizationId), "Cette structure ne fait pas partie de celles que vous gérez.");
        }

        // Pivot: the organization's SIRET or RNA by default.
        var pivot = FrenchIdentifiers.Normalize(input.Pivot);
        if (pivot.Length == 0 && input.OrganizationId is { } orgId && choices.Organizations.FirstOrDefault(o => o.Id == orgId) is { } org)
        {
            pivot = FrenchIdentifiers.Normalize(org.Siret ?? org.Rna);
            input.Pivot = pivot;
        }

        // Commune, postal code, quartier.
        var insee = Clean(input.InseeCode)?.ToUpperInvariant();
        var postalCode = Clean(input.PostalCode)?.Replace(" ", "", StringComparison.Ordinal);
        CommuneChoice? commune = null;
        if (insee is null)
        {
            Add(nameof(PlaceInput.InseeCode), "Choisissez la commune du lieu.");
        }
        else
        {
            commune = choices.Communes.FirstOrDefault(c => c.Code == insee);
            if (commune is null && existing?.InseeCode == insee)
            {
                commune = await db.Territories.AsNoTracking().Where(t => t.Kind == TerritoryKind.Commune && t.Code == insee)
                    .Select(t => new CommuneChoice(t.Id, t.Code, t.Name, t.PostalCodes)).FirstOrDefaultAsync(ct);
            }

            if (commune is null)
            {
                var known = await db.Territories.AsNoTracking().AnyAsync(t => t.Kind == TerritoryKind.Commune && t.Code == insee, ct);
                var reference = CommuneResource.All.FirstOrDefault(n => n.Kind == TerritoryKind.Commune && n.Code == insee);
                Add(nameof(PlaceInput.InseeCode), known
                    ? "Cette commune n'est pas dans votre territoire : choisissez une commune de votre territoire."
                    : reference is not null
                        ? $"La commune {reference.Name} ({insee}) ne fait pas partie du territoire couvert par Maillage."
                        : $"Aucune commune n'a le code INSEE « {insee} ».");
            }
        }

        // Stored pairs (a CEDEX code from an imported file) stay acceptable while neither changes.
        var addressUnchanged = existing is not null && existing.PostalCode == postalCode && existing.InseeCode == insee;
        if (commune is not null && postalCode is not null && PlaceVocabulary.PostalCode.IsMatch(postalCode) && !addressUnchanged)
        {
            var postalCodes = commune.PostalCodeList.Count > 0
                ? commune.PostalCodeList
                : CommuneResource.All.FirstOrDefault(n => n.Kind == TerritoryKind.Commune && n.Code == commune.Code)?.PostalCodes?.Split(',', StringSplitOptions.TrimEntries) ?? [];
            if (postalCodes.Count > 0 && !postalCodes.Contains(postalCode))
            {
                Add(nameof(PlaceInput.PostalCode),
                    $"Le code postal {postalCode} ne correspond pas à la commune {commune.Name} (code INSEE {commune.Code}) : codes postaux possibles : {string.Join(", ", postalCodes)}.");
            }
        }

        int? quarterId = null;
        if (input.QuarterId is { } qid && commune is not null)
        {
            if (await db.Territories.AsNoTracking().AnyAsync(t => t.Id == qid && t.ParentId == commune.Id && t.Kind == TerritoryKind.Quartier, ct))
            {
                quarterId = qid;
            }
            else
            {
                Add(nameof(PlaceInput.QuarterId), $"Ce quartier n'est pas un quartier de {commune.Name} : choisissez-en un dans la liste.");
            }
        }

        // Coordinates.
        var latitude = Number(input.Latitude, nameof(PlaceInput.Latitude), "La latitude", Add);
        var longitude = Number(input.Longitude, nameof(PlaceInput.Longitude), "La longitude", Add);

        // Contact.
        var phone = NormalizePhone(input.Phone);
        var emails = Split(input.Emails, EmailSeparators);
        var websites = Split(input.Websites, UrlSeparators);

        // Opening hours.
        var hours = ReadHours(input, existing?.OpeningHours, Add);

        var record = new PlaceRecord
        {
            Id = existing?.SourceId ?? Guid.CreateVersion7().ToString(),
            Pivot = pivot,
            Name = Clean(input.Name) ?? "",
            Commune = commune?.Name ?? existing?.CommuneName ?? "",
            PostalCode = postalCode ?? "",
            InseeCode = insee,
            Address = Clean(input.Address) ?? "",
            AddressComplement = Clean(input.AddressComplement),
            Latitude = latitude,
            Longitude = longitude,
            Typology = Distinct(input.Typology),
            Phone = phone,
            Emails = emails,
            Websites = websites,
            OpeningHours = hours,
            Summary = Clean(input.Summary),
            Description = Clean(input.Description),
            Source = Clean(input.Source),
            Itinerance = Distinct(input.Itinerance),
            ParentOrganization = Clean(input.ParentOrganization),
            UpdatedOn = today,
            Services = Distinct(input.Services),
            SpecificPublics = Distinct(input.SpecificPublics),
            SpecificSupport = Distinct(input.SpecificSupport),
            Fees = Distinct(input.Fees),
            NationalPrograms = Distinct(input.NationalPrograms),
            TrainingsAndLabels = Distinct(input.TrainingsAndLabels),
            OtherTrainingsAndLabels = Clean(input.OtherTrainingsAndLabels),
            AccessModes = Distinct(input.AccessModes),
            SupportModes = Distinct(input.SupportModes),
            AccessibilityUrl = Clean(input.AccessibilityUrl),
            BookingUrl = Clean(input.BookingUrl),
        };

        // The schema's own checks, each on the form field it concerns (unless our more precise message is already there).
        var checkedBefore = errors.Keys.ToHashSet();
        foreach (var error in PlaceValidator.Validate(record))
        {
            if (InputOfField.TryGetValue(error.Field, out var key) && !checkedBefore.Contains(key))
            {
                Add(key, error.Message);
            }
        }

        // An imported pivot whose key is wrong is not the editor's fault: it is checked again only once changed.
        if (!errors.ContainsKey(nameof(PlaceInput.Pivot)) && pivot.Length > 0 && pivot != existing?.Pivot && PivotError(pivot) is { } pivotError)
        {
            Add(nameof(PlaceInput.Pivot), pivotError);
        }

        if (record.Name.Length > NameMaxLength)
        {
            Add(nameof(PlaceInput.Name), $"Le nom ne doit pas dépasser {NameMaxLength} caractères ({record.Name.Length} actuellement).");
        }

        if (record.Address.Length > AddressMaxLength)
        {
            Add(nameof(PlaceInput.Address), $"L'adresse ne doit pas dépasser {AddressMaxLength} caractères.");
        }

        if (record.AddressComplement is { Length: > AddressMaxLength })
        {
            Add(nameof(PlaceInput.AddressComplement), $"Le complément d'adresse ne doit pas dépasser {AddressMaxLength} caractères.");
        }

        var notes = Clean(input.AccessibilityNotes);
        if (notes is { Length: > NotesMaxLength })
        {
            Add(nameof(PlaceInput.AccessibilityNotes), $"Les précisions sur l'accessibilité ne doivent pas dépasser {NotesMaxLength} caractères ({notes.Length} actuellement).");
        }

        if (latitude is { } lat && longitude is { } lon && !errors.ContainsKey(nameof(PlaceInput.Latitude)) && !errors.ContainsKey(nameof(PlaceInput.Longitude))
            && !FranceArea.Contains(lat, lon))
        {
            Add(nameof(PlaceInput.Latitude), string.Create(CultureInfo.InvariantCulture,
                $"Le point ({lat}, {lon}) est hors de France : vérifiez la latitude et la longitude (inversées ?), ou placez le point à la main."));
        }

        if (errors.Count > 0 || input.Kind is null)
        {
            return new PlaceFormResult(errors, null);
        }

        var coordinatesSource = latitude is null ? null
            : SameNumber(latitude, input.LocatedLatitude) && SameNumber(longitude, input.LocatedLongitude) && IsKnownSource(input.CoordinatesSource)
                ? input.CoordinatesSource
                : CoordinatesSources.Manual;
        var values = new PlaceValues(record, input.Kind.Value, theme, input.OrganizationId, commune?.Id, quarterId, input.IsPublished, notes, coordinatesSource);
        return new PlaceFormResult(errors, values);
    }

    /// <summary>SIRET (14 digits, Luhn), SIREN (9 digits, Luhn) or RNA (W and 9 characters); null when valid.</summary>
    public static string? PivotError(string pivot)
    {
        if (pivot.All(char.IsAsciiDigit))
        {
            return pivot.Length switch
            {
                14 => FrenchIdentifiers.SiretError(pivot),
                9 => FrenchIdentifiers.SirenError(pivot),
                _ => "Le SIRET doit comporter 14 chiffres (ou le SIREN 9 chiffres).",
            };
        }

        return pivot.StartsWith('W') ? FrenchIdentifiers.RnaError(pivot) : "Indiquez un SIRET (14 chiffres) ou un numéro RNA (W suivi de 9 caractères).";
    }

    /// <summary>"04 77 48 00 01" or "04.77.48.00.01" becomes +33477480001, the schema's format; anything else is kept as typed.</summary>
    public static string? NormalizePhone(string? raw)
    {
        var text = Clean(raw);
        if (text is null)
        {
            return null;
        }

        var compact = PhoneNoise().Replace(text, "");
        if (compact.StartsWith("0033", StringComparison.Ordinal))
        {
            compact = "+33" + compact[4..];
        }

        if (compact.StartsWith("+330", StringComparison.Ordinal))
        {
            compact = "+33" + compact[4..];
        }

        return compact.Length == 10 && compact[0] == '0' && compact.All(char.IsAsciiDigit) ? "+33" + compact[1..] : compact;
    }

    private static string? ReadHours(PlaceInput input, string? stored, Action<string, string> add)
    {
        if (input.HoursMode == HoursModes.Text)
        {
            var text = Clean(input.HoursText);
            if (text is null)
            {
                return null;
            }

            // Unchanged hours the parser cannot read stay as they are: editing the phone must not force rewriting them.
            if (text == stored?.Trim())
            {
                return stored;
            }

            if (!OpeningHoursParser.TryParse(text, out _, out var error))
            {
                add(nameof(PlaceInput.HoursText), $"Les horaires ne sont pas lisibles : {error}. Exemple : Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off");
            }

            return text;
        }

        if (!input.Hours.TryToSchedule(out var schedule, out var messages))
        {
            foreach (var message in messages)
            {
                add(nameof(PlaceInput.Hours), message);
            }

            return stored;
        }

        if (stored is not null && OpeningHoursParser.TryParse(stored, out var storedSchedule, out _) && storedSchedule.Equals(schedule))
        {
            return stored;
        }

        return schedule.IsAlwaysClosed && schedule.PublicHolidays.Mode == PublicHolidayMode.Unspecified ? null : schedule.ToOsmString();
    }

    private static double? Number(string? text, string key, string subject, Action<string, string> add)
    {
        var value = Clean(text);
        if (value is null)
        {
            return null;
        }

        if (double.TryParse(value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        add(key, $"{subject} « {value} » n'est pas un nombre décimal (exemple : 45.4397).");
        return null;
    }

    private static bool SameNumber(double? value, string? text) =>
        value is { } v && double.TryParse(Clean(text)?.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var other) && Math.Abs(v - other) < 1e-9;

    private static bool IsKnownSource(string? source) =>
        source is CoordinatesSources.Import or CoordinatesSources.Ban or CoordinatesSources.Commune or CoordinatesSources.Manual;

    public static string? Format(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture);

    private static readonly char[] EmailSeparators = ['\n', '\r', ',', ';', ' ', '\t'];
    private static readonly char[] UrlSeparators = ['\n', '\r', ' ', '\t'];

    private static List<string> Split(string? text, char[] separators) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. text.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static List<string> Distinct(List<string>? values) =>
        values is null ? [] : [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal)];

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"[\s.\-()\u00a0]")]
    private static partial Regex PhoneNoise();
}
