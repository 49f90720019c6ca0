using System.Globalization;
using System.Text.RegularExpressions;

namespace Maillage.Features.Materiel;

/// <summary>What a form, the API or an import line says of an item; texts as typed, checked by <see cref="ItemRules"/>.</summary>
public class ItemInput
{
    public int? CategoryId { get; set; }
    public int? OrganizationId { get; set; }
    public string? Model { get; set; }
    public string? SerialNumber { get; set; }

    /// <summary>Empty: the next tag of the category is given.</summary>
    public string? AssetTag { get; set; }
    public ItemCondition Condition { get; set; } = ItemCondition.Good;
    public int? HomePlaceId { get; set; }
    public DateOnly? PurchasedOn { get; set; }

    /// <summary>As typed (« 229,90 », « 1 200 € »).</summary>
    public string? Cost { get; set; }
    public string? FundingSource { get; set; }
    public string? Notes { get; set; }

    /// <summary>One accessory per line.</summary>
    public string? Accessories { get; set; }
}

/// <summary>The checks of an item that need no database, in French, keyed by the input's property name.</summary>
public static partial class ItemRules
{
    public const int MaxAccessories = 20;

    [GeneratedRegex("^[A-Z0-9]{1,6}-[A-Z0-9]{1,12}$")]
    private static partial Regex TagPattern();

    public static bool IsTag(string tag) => TagPattern().IsMatch(tag);

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static List<string> AccessoryLines(string? text) =>
        [.. (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>« 229,90 », « 229.90 », « 1 200 € » → 229.90; null when empty; false when unreadable.</summary>
    public static bool TryParseCost(string? text, out decimal? cost)
    {
        cost = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var cleaned = text.Replace("€", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal)
            .Replace("\u202f", "", StringComparison.Ordinal).Replace(',', '.');
        if (decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            cost = decimal.Round(value, 2);
            return true;
        }

        return false;
    }

    public static Dictionary<string, string[]> Validate(ItemInput input, DateOnly today)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            list.Add(message);
        }

        if (input.CategoryId is null)
        {
            Add(nameof(input.CategoryId), "Choisissez la catégorie de l'objet.");
        }

        var model = Clean(input.Model);
        if (model is null)
        {
            Add(nameof(input.Model), "Indiquez le modèle, par exemple « Samsung Galaxy Tab A9+ ».");
        }
        else if (model.Length > 120)
        {
            Add(nameof(input.Model), "Le modèle ne doit pas dépasser 120 caractères.");
        }

        if (Clean(input.SerialNumber) is { Length: > 80 })
        {
            Add(nameof(input.SerialNumber), "Le numéro de série ne doit pas dépasser 80 caractères.");
        }

        if (Clean(input.AssetTag) is { } tag && !IsTag(AssetTags.Normalize(tag)))
        {
            Add(nameof(input.AssetTag), "L'étiquette s'écrit comme « TAB-0042 » : un préfixe de 1 à 6 lettres ou chiffres, un tiret, puis 1 à 12 lettres ou chiffres. Laissez vide pour la numérotation automatique.");
        }

        if (!Enum.IsDefined(input.Condition))
        {
            Add(nameof(input.Condition), "Choisissez l'état dans la liste.");
        }

        if (input.PurchasedOn is { } bought && (bought > today || bought.Year < 1990))
        {
            Add(nameof(input.PurchasedOn), bought > today ? "La date d'achat ne peut pas être dans le futur." : "La date d'achat doit être postérieure à 1990.");
        }

        if (!TryParseCost(input.Cost, out var cost))
        {
            Add(nameof(input.Cost), "Le coût s'écrit en euros, par exemple « 229,90 ».");
        }
        else if (cost is < 0 or > 1_000_000)
        {
            Add(nameof(input.Cost), "Le coût doit être compris entre 0 et 1 000 000 €.");
        }

        if (Clean(input.FundingSource) is { Length: > 120 })
        {
            Add(nameof(input.FundingSource), "Le financement ne doit pas dépasser 120 caractères.");
        }

        if (Clean(input.Notes) is { Length: > 2000 })
        {
            Add(nameof(input.Notes), "Les notes ne doivent pas dépasser 2 000 caractères.");
        }

        var accessories = AccessoryLines(input.Accessories);
        if (accessories.Count > MaxAccessories)
        {
            Add(nameof(input.Accessories), $"Au plus {MaxAccessories} accessoires, un par ligne.");
        }
        else if (accessories.FirstOrDefault(a => a.Length > 80) is { } tooLong)
        {
            Add(nameof(input.Accessories), $"« {tooLong[..30]}… » : un accessoire ne doit pas dépasser 80 caractères.");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }
}
