using System.Globalization;
using System.IO.Compression;
using System.Text;
using Maillage.Features.Territoires;

namespace Maillage.Features.Lieux.Geocoding;

/// <summary>
/// The position of each commune's centre, from the shipped resource built by tools/communes/centres.mjs (GeoNames,
/// CC BY 4.0): about 8,400 communes, those of 1,000 inhabitants or more and the administrative seats, 82 % of the
/// population. A smaller commune has no entry: the offline geocoder then finds nothing rather than guessing.
/// </summary>
public static class CommuneCentres
{
    private const string ResourceName = "Maillage.Resources.commune-centres.tsv.gz";
    private static readonly Lazy<Dictionary<string, (double Latitude, double Longitude)>> Centres = new(Load);
    private static readonly Lazy<Dictionary<string, ReferenceNode>> CommunesByCode = new(() =>
        CommuneResource.All.Where(n => n.Kind == TerritoryKind.Commune).ToDictionary(n => n.Code, StringComparer.Ordinal));
    private static readonly Lazy<ILookup<string, ReferenceNode>> CommunesByPostalCode = new(() =>
        CommuneResource.All.Where(n => n.Kind == TerritoryKind.Commune && n.PostalCodes is not null)
            .SelectMany(n => n.PostalCodes!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(code => (code, n)))
            .ToLookup(x => x.code, x => x.n, StringComparer.Ordinal));

    public static int Count => Centres.Value.Count;

    public static bool TryGetCentre(string inseeCode, out double latitude, out double longitude)
    {
        if (Centres.Value.TryGetValue(inseeCode, out var centre))
        {
            (latitude, longitude) = centre;
            return true;
        }

        latitude = longitude = 0;
        return false;
    }

    /// <summary>
    /// The commune a query designates: by its INSEE code when known (a municipal arrondissement of Paris, Lyon or
    /// Marseille stands for its commune), else by postal code and name compared without accents, case or hyphens,
    /// else by a postal code that serves a single commune. Null when nothing matches.
    /// </summary>
    public static ReferenceNode? FindCommune(string? inseeCode, string? postalCode, string? communeName)
    {
        if (!string.IsNullOrWhiteSpace(inseeCode) && CommunesByCode.Value.TryGetValue(CommuneOf(inseeCode.Trim().ToUpperInvariant()), out var byCode))
        {
            return byCode;
        }

        if (string.IsNullOrWhiteSpace(postalCode))
        {
            return null;
        }

        var candidates = CommunesByPostalCode.Value[postalCode.Trim()].ToList();
        if (!string.IsNullOrWhiteSpace(communeName))
        {
            var name = Normalize(communeName);
            var named = candidates.Where(c => Normalize(c.Name) == name).ToList();
            return named.Count == 1 ? named[0] : null;
        }

        return candidates.Count == 1 ? candidates[0] : null;
    }

    /// <summary>The commune's code for a municipal arrondissement (75101–75120, 69381–69389, 13201–13216); any other code unchanged.</summary>
    public static string CommuneOf(string inseeCode) => inseeCode switch
    {
        { Length: 5 } when inseeCode.StartsWith("751", StringComparison.Ordinal) && inseeCode != "75100" => "75056",
        { Length: 5 } when inseeCode.StartsWith("6938", StringComparison.Ordinal) => "69123",
        { Length: 5 } when inseeCode.StartsWith("132", StringComparison.Ordinal) => "13055",
        _ => inseeCode,
    };

    /// <summary>
    /// Folds a commune name for comparison: no accents or case, hyphens and apostrophes as spaces, "St"/"Ste"
    /// expanded, a trailing article in parentheses put back in front ("Chambon-Feugerolles (Le)").
    /// Mirrors the folding of tools/communes/centres.mjs.
    /// </summary>
    public static string Normalize(string name)
    {
        var text = name.Trim();
        var open = text.LastIndexOf('(');
        if (open > 0 && text.EndsWith(')'))
        {
            text = text[(open + 1)..^1].Trim() + " " + text[..open].Trim();
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.NonSpacingMark:
                    break;
                case UnicodeCategory.DashPunctuation:
                case UnicodeCategory.SpaceSeparator:
                    builder.Append(' ');
                    break;
                default:
                    builder.Append(c switch
                    {
                        '\'' or '’' or '.' => " ",
                        'œ' or 'Œ' => "oe",
                        'æ' or 'Æ' => "ae",
                        _ => char.ToLowerInvariant(c).ToString(),
                    });
                    break;
            }
        }

        var words = builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w switch { "st" => "saint", "ste" => "sainte", _ => w });
        return string.Join(' ', words);
    }

    private static Dictionary<string, (double, double)> Load()
    {
        using var stream = typeof(CommuneCentres).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Ressource {ResourceName} absente de l'assemblage.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var centres = new Dictionary<string, (double, double)>(9_000, StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            if (f.Length == 3)
            {
                centres[f[0]] = (double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture));
            }
        }

        return centres;
    }
}
