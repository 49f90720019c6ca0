using System.Text.RegularExpressions;

namespace Maillage.Shared.Security;

/// <summary>Checks of French public identifiers: SIRET (Luhn, with La Poste's exception) and RNA.</summary>
public static partial class FrenchIdentifiers
{
    private const string LaPosteSiren = "356000000";

    public static string Normalize(string? value) => (value ?? "").Replace(" ", "").Replace("\u00a0", "").Trim().ToUpperInvariant();

    /// <summary>Returns null when valid, else the French reason.</summary>
    public static string? SiretError(string? raw)
    {
        var siret = Normalize(raw);
        if (siret.Length != 14 || !siret.All(char.IsAsciiDigit))
        {
            return "Le SIRET doit comporter exactement 14 chiffres.";
        }

        if (siret.StartsWith(LaPosteSiren, StringComparison.Ordinal) && siret != "35600000000048")
        {
            // La Poste's establishments do not follow Luhn: the sum of the digits is a multiple of 5.
            return siret.Sum(c => c - '0') % 5 == 0 ? null : "Ce SIRET n'est pas valide (clé de contrôle incorrecte).";
        }

        return Luhn(siret) ? null : "Ce SIRET n'est pas valide (clé de contrôle incorrecte).";
    }

    public static string? SirenError(string? raw)
    {
        var siren = Normalize(raw);
        if (siren.Length != 9 || !siren.All(char.IsAsciiDigit))
        {
            return "Le SIREN doit comporter exactement 9 chiffres.";
        }

        return Luhn(siren) ? null : "Ce SIREN n'est pas valide (clé de contrôle incorrecte).";
    }

    public static string? RnaError(string? raw)
    {
        var rna = Normalize(raw);
        return RnaPattern().IsMatch(rna) ? null : "Le numéro RNA doit avoir la forme W suivi de 9 caractères (par exemple W423001234).";
    }

    public static bool Luhn(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex("^W[0-9][0-9AB][0-9]{7}$")]
    private static partial Regex RnaPattern();
}
