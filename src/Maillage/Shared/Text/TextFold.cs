using System.Globalization;
using System.Text;

namespace Maillage.Shared.Text;

/// <summary>Folding and fuzzy comparison of people's names: what a search "tolerant to accents and case" compares.</summary>
public static class TextFold
{
    /// <summary>Lower case, no accents, letters and digits only, single spaces (« Zoé  FAURE-Martin » → « zoe faure martin »).</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                space = false;
                builder.Append(c switch { 'œ' or 'Œ' => "oe", 'æ' or 'Æ' => "ae", 'ß' => "ss", _ => char.ToLowerInvariant(c).ToString() });
            }
            else
            {
                space = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Dice coefficient of the character trigrams of two folded texts (0 to 1), padded so that short names still compare:
    /// « dupont » and « dupond » ≈ 0.6, word order ignored through the sorted words.
    /// </summary>
    public static double Similarity(string? a, string? b)
    {
        var left = Trigrams(Sorted(Fold(a)));
        var right = Trigrams(Sorted(Fold(b)));
        if (left.Count == 0 || right.Count == 0)
        {
            return 0;
        }

        var common = 0;
        var pool = right.ToList();
        foreach (var gram in left)
        {
            var index = pool.IndexOf(gram);
            if (index >= 0)
            {
                common++;
                pool.RemoveAt(index);
            }
        }

        return 2.0 * common / (left.Count + right.Count);
    }

    private static string Sorted(string folded) => string.Join(' ', folded.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    private static List<string> Trigrams(string folded)
    {
        if (folded.Length == 0)
        {
            return [];
        }

        var padded = "  " + folded + " ";
        var grams = new List<string>(padded.Length);
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            grams.Add(padded.Substring(i, 3));
        }

        return grams;
    }
}
