using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Maillage.Features.Lieux.Standard;
using Maillage.Features.Territoires;
using Maillage.Shared.Text;

namespace Maillage.Features.Accompagnements.Beneficiaires;

/// <summary>What the form and the API send for a named file (before <see cref="BeneficiaryRules"/> accepts it).</summary>
public sealed class BeneficiaryInput
{
    /// <summary>The organization holding the file (the user's only one when absent).</summary>
    public int? OrganizationId { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public int? BirthYear { get; set; }

    /// <summary>INSEE code (API), or what the form's field holds: « Saint-Étienne (42218) », a code, a postal code or a name.</summary>
    public string? CommuneCode { get; set; }
    public Gender Gender { get; set; }
    public BeneficiaryStatus Status { get; set; }
    public string? Notes { get; set; }

    /// <summary>The person agreed, after the purpose was read to them (creation only; required true).</summary>
    [JsonPropertyName("consentement")]
    public bool? Consent { get; set; }

    /// <summary>The version read, for PUT and the edit form (optimistic concurrency).</summary>
    public uint? Version { get; set; }
}

/// <summary>The input once accepted: cleaned values ready to copy onto the file.</summary>
public sealed record BeneficiaryValues(string FirstName, string LastName, string? Phone, string? Email, int? BirthYear, string? CommuneCode, Gender Gender, BeneficiaryStatus Status, string? Notes);

/// <summary>The rules of a named file, each with its French message on its field (keyed by property name).</summary>
public static partial class BeneficiaryRules
{
    public const int MaxNameLength = 100;
    public const int MaxNotesLength = 2000;
    public const int MaxEmailLength = 256;

    public const string ConsentMessage = "Cochez la case : la personne doit avoir donné son accord, après lecture de la finalité, pour qu'une fiche nominative soit créée.";

    public static (Dictionary<string, string[]> Errors, BeneficiaryValues? Values) Validate(BeneficiaryInput input, int thisYear, bool creating, string? preferredDepartement = null)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = errors.TryGetValue(field, out var e) ? [.. e, message] : [message];

        var first = Clean(input.FirstName);
        var last = Clean(input.LastName);
        if (first is null)
        {
            Add(nameof(input.FirstName), "Indiquez le prénom de la personne.");
        }
        else if (first.Length > MaxNameLength)
        {
            Add(nameof(input.FirstName), $"Le prénom ne doit pas dépasser {MaxNameLength} caractères.");
        }

        if (last is null)
        {
            Add(nameof(input.LastName), "Indiquez le nom de famille de la personne.");
        }
        else if (last.Length > MaxNameLength)
        {
            Add(nameof(input.LastName), $"Le nom ne doit pas dépasser {MaxNameLength} caractères.");
        }

        string? phone = null;
        if (Clean(input.Phone) is { } rawPhone)
        {
            phone = NormalizePhone(rawPhone);
            if (phone is null)
            {
                Add(nameof(input.Phone), "Le numéro de téléphone doit être un numéro français à 10 chiffres, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.");
            }
        }

        var email = Clean(input.Email);
        if (email is not null && (email.Length > MaxEmailLength || !PlaceVocabulary.IsValidEmail(email)))
        {
            Add(nameof(input.Email), "L'adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).");
        }

        if (input.BirthYear is { } year && (year < 1900 || year > thisYear))
        {
            Add(nameof(input.BirthYear), $"L'année de naissance doit être comprise entre 1900 et {thisYear}.");
        }

        string? commune = null;
        if (Clean(input.CommuneCode) is { } communeText)
        {
            var (match, error) = BeneficiaryCommunes.Resolve(communeText, preferredDepartement);
            if (match is null)
            {
                Add(nameof(input.CommuneCode), error!);
            }
            else
            {
                commune = match.Code;
            }
        }

        if (!Enum.IsDefined(input.Gender))
        {
            Add(nameof(input.Gender), "Choisissez le genre dans la liste (ou « Non communiqué »).");
        }

        if (!Enum.IsDefined(input.Status))
        {
            Add(nameof(input.Status), "Choisissez la situation dans la liste (ou « Non communiqué »).");
        }

        var notes = Clean(input.Notes);
        if (notes is { Length: > MaxNotesLength })
        {
            Add(nameof(input.Notes), $"Les notes ne doivent pas dépasser {MaxNotesLength} caractères (actuellement {notes.Length}).");
        }

        if (creating && input.Consent != true)
        {
            Add(nameof(input.Consent), ConsentMessage);
        }

        return errors.Count > 0
            ? (errors, null)
            : (errors, new BeneficiaryValues(first!, last!, phone, email, input.BirthYear, commune, input.Gender, input.Status, notes));
    }

    /// <summary>Copies accepted values onto the file, with the folded name the search compares.</summary>
    public static void Apply(BeneficiaryValues values, Beneficiary file, DateTimeOffset now)
    {
        file.FirstName = values.FirstName;
        file.LastName = values.LastName;
        file.SearchName = TextFold.Fold(values.FirstName + " " + values.LastName);
        file.Phone = values.Phone;
        file.Email = values.Email;
        file.BirthYear = values.BirthYear;
        file.CommuneCode = values.CommuneCode;
        file.Gender = values.Gender;
        file.Status = values.Status;
        file.Notes = values.Notes;
        file.ModifiedAt = now;
    }

    /// <summary>« 06 12 34 56 78 », « 06.12.34.56.78 », « +33 6 12 34 56 78 » become « 06 12 34 56 78 »; null when not a French number.</summary>
    public static string? NormalizePhone(string raw)
    {
        var compact = PhoneNoise().Replace(raw, "");
        if (compact.StartsWith("+33", StringComparison.Ordinal))
        {
            compact = "0" + compact[3..];
        }
        else if (compact.StartsWith("0033", StringComparison.Ordinal))
        {
            compact = "0" + compact[4..];
        }

        if (compact.StartsWith("00", StringComparison.Ordinal))
        {
            return null;
        }

        if (compact.Length != 10 || compact[0] != '0' || compact[1] == '0' || !compact.All(char.IsAsciiDigit))
        {
            return null;
        }

        return string.Join(' ', Enumerable.Range(0, 5).Select(i => compact.Substring(i * 2, 2)));
    }

    /// <summary>The age band shown beside a birth year (the same rule as the statistics).</summary>
    public static string AgeBandLabel(int? birthYear, DateOnly today) => ActivityLabels.Label(Beneficiary.AgeBandOf(birthYear, today));

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"[\s.\-()\u00a0/]")]
    private static partial Regex PhoneNoise();
}

/// <summary>The commune of residence, from the embedded national list (INSEE code, name, postal codes).</summary>
public static partial class BeneficiaryCommunes
{
    private static readonly Lazy<Dictionary<string, ReferenceNode>> ByCode = new(() =>
        CommuneResource.All.Where(n => n.Kind == TerritoryKind.Commune).GroupBy(n => n.Code).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

    public static ReferenceNode? Find(string? code) => code is not null && ByCode.Value.TryGetValue(code.Trim().ToUpperInvariant(), out var node) ? node : null;

    /// <summary>« Saint-Étienne (42218) »: what the field and the datalist show.</summary>
    public static string Display(string? code) => Find(code) is { } c ? $"{c.Name} ({c.Code})" : code ?? "";

    /// <summary>The name alone, or the code when it is unknown.</summary>
    public static string Name(string? code) => Find(code)?.Name ?? code ?? "";

    /// <summary>The options of the datalist: the communes of a département, « Name (code) » with their postal codes.</summary>
    public static IReadOnlyList<(string Value, string PostalCodes)> OfDepartement(string? departement) =>
        departement is null
            ? []
            : [.. ByCode.Value.Values.Where(c => c.Departement == departement).OrderBy(c => c.Name, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), false))
                .Select(c => ($"{c.Name} ({c.Code})", (c.PostalCodes ?? "").Replace(",", ", ", StringComparison.Ordinal)))];

    /// <summary>
    /// One commune from what was typed: « Name (INSEE) » (the datalist), an INSEE code, a postal code of one commune, or a
    /// name (accents and case ignored; the organization's département decides between homonyms). Otherwise a French error.
    /// </summary>
    public static (ReferenceNode? Match, string? Error) Resolve(string text, string? preferredDepartement = null)
    {
        var term = text.Trim();
        if (CodeInParentheses().Match(term) is { Success: true } inParentheses)
        {
            term = inParentheses.Groups[1].Value;
        }

        if (InseeCode().IsMatch(term))
        {
            if (Find(term) is { } byCode)
            {
                return (byCode, null);
            }

            var byPostal = ByCode.Value.Values.Where(c => c.PostalCodes is { } p && p.Split(',').Contains(term)).ToList();
            return byPostal.Count switch
            {
                1 => (byPostal[0], null),
                0 => (null, $"Aucune commune n'a le code INSEE ou le code postal {term} : choisissez la commune dans la liste proposée."),
                _ => (null, $"Le code postal {term} couvre plusieurs communes ({string.Join(", ", byPostal.Take(5).Select(c => $"{c.Name} ({c.Code})"))}{(byPostal.Count > 5 ? "…" : "")}) : choisissez la commune dans la liste ou tapez son nom."),
            };
        }

        var wanted = TextFold.Fold(term);
        var named = ByCode.Value.Values.Where(c => TextFold.Fold(c.Name) == wanted).ToList();
        if (named.Count > 1 && preferredDepartement is not null && named.Count(c => c.Departement == preferredDepartement) == 1)
        {
            named = [.. named.Where(c => c.Departement == preferredDepartement)];
        }

        return named.Count switch
        {
            1 => (named[0], null),
            0 => (null, $"Commune « {term} » introuvable : choisissez-la dans la liste proposée, ou tapez son code INSEE ou son code postal."),
            _ => (null, $"Plusieurs communes s'appellent « {named[0].Name} » ({string.Join(", ", named.Take(5).Select(c => c.Code))}) : choisissez-la dans la liste ou tapez son code INSEE."),
        };
    }

    [GeneratedRegex(@"\(([0-9][0-9AB][0-9]{3})\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CodeInParentheses();

    [GeneratedRegex("^[0-9][0-9AB][0-9]{3}$", RegexOptions.IgnoreCase)]
    private static partial Regex InseeCode();
}
