using System.Text;

namespace Maillage.Pages.Admin.Territoires;

/// <summary>
/// Name search that ignores case, accents and separators on SQLite and PostgreSQL alike: a broad LIKE pattern narrows the
/// rows in the database (letters that may carry an accent become "_", separators "%"), then the folded names are compared
/// in memory. SQLite's LIKE and lower() only know ASCII, so "etienne" would otherwise never find "Étienne".
/// </summary>
public static class NameSearch
{
    private const string AccentableLetters = "aceinouy";

    /// <summary>A lower-case LIKE pattern ("%s_int%_t__nn_%") to use as <c>EF.Functions.Like(x.Name.ToLower(), pattern)</c>.</summary>
    public static string LikePattern(string term)
    {
        var folded = TerritoryTrail.Fold(term);
        var pattern = new StringBuilder("%");
        foreach (var c in folded)
        {
            pattern.Append(c == ' ' ? '%' : AccentableLetters.Contains(c) || c > 127 ? '_' : c);
        }

        return pattern.Append('%').ToString();
    }

    public static bool Matches(string name, string term) => TerritoryTrail.Fold(name).Contains(TerritoryTrail.Fold(term), StringComparison.Ordinal);
}
