using System.Text.RegularExpressions;
using Maillage.Shared.Text;

namespace Maillage.Features.Territoires;

/// <summary>
/// Reads a commune typed in a form as a person writes it: an INSEE code, a name, « Saint-Étienne (42000) » or
/// « 42000 Saint-Étienne », against every commune of France (the embedded resource), and writes it back the same way.
/// </summary>
public static partial class CommuneLookup
{
    private static readonly Lazy<Dictionary<string, ReferenceNode>> ByCode = new(() =>
        CommuneResource.All.Where(n => n.Kind == TerritoryKind.Commune).ToDictionary(n => n.Code, StringComparer.Ordinal));

    private static readonly Lazy<ILookup<string, ReferenceNode>> ByName = new(() =>
        CommuneResource.All.Where(n => n.Kind == TerritoryKind.Commune).ToLookup(n => Key(n.Name), StringComparer.Ordinal));

    /// <summary>« Saint-Étienne (42000) », or the code itself when unknown.</summary>
    public static string Label(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return "";
        }

        return ByCode.Value.TryGetValue(code, out var node) ? $"{node.Name} ({node.PostalCodes?.Split(',')[0]})" : code;
    }

    public static string? NameOf(string? code) => code is not null && ByCode.Value.TryGetValue(code, out var node) ? node.Name : null;

    public static bool IsCommune(string? code) => code is not null && ByCode.Value.ContainsKey(code);

    /// <summary>The INSEE code for what was typed; null with a French message when nothing, or more than one commune, matches.</summary>
    public static (string? Code, string? Error) Resolve(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            return (null, null);
        }

        if (ByCode.Value.ContainsKey(value.ToUpperInvariant()))
        {
            return (value.ToUpperInvariant(), null);
        }

        string? postal = null;
        var name = value;
        if (Parenthesised().Match(value) is { Success: true } p)
        {
            name = p.Groups["name"].Value;
            postal = p.Groups["cp"].Value;
        }
        else if (Prefixed().Match(value) is { Success: true } q)
        {
            name = q.Groups["name"].Value;
            postal = q.Groups["cp"].Value;
        }
        else if (value.Length == 5 && value.All(char.IsAsciiDigit))
        {
            var served = ByCode.Value.Values.Where(n => n.PostalCodes?.Split(',').Contains(value) == true).ToList();
            return served.Count switch
            {
                1 => (served[0].Code, null),
                0 => (null, $"Aucune commune n'a le code postal {value}."),
                _ => (null, $"Le code postal {value} dessert plusieurs communes : écrivez aussi le nom de la commune."),
            };
        }

        var candidates = ByName.Value[Key(name)].ToList();
        if (postal is not null)
        {
            candidates = [.. candidates.Where(n => n.PostalCodes?.Split(',').Contains(postal) == true)];
        }

        return candidates.Count switch
        {
            1 => (candidates[0].Code, null),
            0 => (null, $"Commune inconnue : « {value} ». Écrivez son nom et son code postal, par exemple « Saint-Étienne (42000) »."),
            _ => (null, $"Plusieurs communes s'appellent « {name} » : ajoutez le code postal, par exemple « {candidates[0].Name} ({candidates[0].PostalCodes?.Split(',')[0]}) »."),
        };
    }

    private static string Key(string name) => TextFold.Fold(name.Replace('-', ' ').Replace('\'', ' ')).Replace("saint ", "st ", StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<name>.+?)\s*\((?<cp>\d{5})\)$")]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"^(?<cp>\d{5})\s+(?<name>.+)$")]
    private static partial Regex Prefixed();
}
