using System.Globalization;
using System.Text;
using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Lieux.Doublons;

/// <summary>What the detector needs of a place: a few columns, read with one projection.</summary>
public sealed record PlaceSketch(int Id, string Name, string CommuneName, string? InseeCode, string? PostalCode, string Address, double? Latitude, double? Longitude);

/// <summary>How close two places are: the overall score (0–1), its parts, and the reasons in French.</summary>
public sealed record DuplicateMatch(double Score, double NameSimilarity, double? StreetSimilarity, double? DistanceMeters, string Reasons)
{
    public int Percent => (int)Math.Round(Score * 100, MidpointRounding.AwayFromZero);
}

/// <summary>A probable duplicate among existing places, the smaller id first.</summary>
public sealed record DuplicatePair(int FirstId, int SecondId, DuplicateMatch Match);

/// <summary>
/// Finds probable duplicates among places. Only places of the same commune are compared (INSEE code, else the folded
/// commune name): that blocking keeps the work proportional to the sum of the squares of the communes' sizes, never
/// the square of the table (50 000 places over ~35 000 communes is a few hundred thousand comparisons at most).
/// The score weighs the name (55 %), the street address (25 %) and the distance (20 %) when both places have coordinates,
/// renormalized over the parts that are known. Nothing is ever merged here: the result is a list to review.
/// </summary>
public static class PlaceDuplicateDetector
{
    /// <summary>From this score on, a pair is proposed as a probable duplicate.</summary>
    public const double Threshold = 0.70;

    private const double NameWeight = 0.55, StreetWeight = 0.25, DistanceWeight = 0.20;

    /// <summary>Within this distance, two points are "the same building" (geocoders and hand placement differ by tens of metres).</summary>
    private const double SameSpotMeters = 50, FarMeters = 750;

    /// <summary>
    /// Words left out of name comparison. Articles and prepositions carry nothing; the generic words of the sector
    /// ("espace", "numérique", "EPN", "médiation", "lieu", "n°"…) appear in most names, so keeping them would make
    /// "Espace numérique du Soleil" and "Espace numérique de la Loire" look alike, and "EPN Tarentaize" unlike
    /// "Espace numérique de Tarentaize".
    /// </summary>
    private static readonly HashSet<string> NameStopWords =
    [
        "de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "sur", "pour", "un", "une",
        "espace", "espaces", "numerique", "numeriques", "epn", "mediation", "lieu", "n", "no", "point", "cyber", "base",
        "maison", "centre", "france", "municipal", "municipale", "public", "publique",
    ];

    /// <summary>
    /// Words naming a kind of institution. They are compared apart from the distinctive words: "Maison des habitants
    /// Beaubrun" and "Maison des habitants Tarentaize" share their kind, not their identity; "Médiathèque Tarentaize"
    /// and "Maison des habitants Tarentaize" share a quartier's name but are two kinds of places (the name counts less).
    /// </summary>
    private static readonly Dictionary<string, string> KindWords = new(StringComparer.Ordinal)
    {
        ["mediatheque"] = "bibliotheque",
        ["bibliotheque"] = "bibliotheque",
        ["habitants"] = "mdh",
        ["mdh"] = "mdh",
        ["social"] = "centre-social",
        ["sociale"] = "centre-social",
        ["socioculturel"] = "centre-social",
        ["ccas"] = "ccas",
        ["services"] = "france-services",
        ["mairie"] = "mairie",
        ["mjc"] = "mjc",
        ["pimms"] = "pimms",
        ["caf"] = "caf",
        ["association"] = "association",
        ["ecole"] = "ecole",
        ["college"] = "ecole",
        ["lycee"] = "ecole",
        ["cafe"] = "cafe",
    };

    private static readonly HashSet<string> StreetStopWords = ["de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux"];

    private static readonly Dictionary<string, string> StreetAbbreviations = new(StringComparer.Ordinal)
    {
        ["r"] = "rue",
        ["bd"] = "boulevard",
        ["bld"] = "boulevard",
        ["boul"] = "boulevard",
        ["av"] = "avenue",
        ["ave"] = "avenue",
        ["pl"] = "place",
        ["ch"] = "chemin",
        ["chem"] = "chemin",
        ["imp"] = "impasse",
        ["all"] = "allee",
        ["crs"] = "cours",
        ["rte"] = "route",
        ["sq"] = "square",
        ["qu"] = "quai",
        ["fg"] = "faubourg",
        ["st"] = "saint",
        ["ste"] = "sainte",
        ["pte"] = "porte",
        ["res"] = "residence",
        ["gal"] = "general",
        ["mal"] = "marechal",
        ["pdt"] = "president",
    };

    private static readonly HashSet<string> NumberSuffixes = ["bis", "ter", "quater", "b", "t", "a", "c"];

    /// <summary>The precomputed, folded form of a place: computed once, compared many times.</summary>
    public sealed class Features
    {
        internal Features(PlaceSketch place)
        {
            Place = place;
            CommuneKey = CommuneKeyOf(place.InseeCode, place.CommuneName, place.PostalCode);
            var nameTokens = Tokens(place.Name);
            Kinds = nameTokens.Where(KindWords.ContainsKey).Select(t => KindWords[t]).Distinct().ToArray();
            var significant = nameTokens.Where(t => !NameStopWords.Contains(t) && !KindWords.ContainsKey(t)).ToList();

            // The commune's name says nothing inside a commune block ("CCAS de Fay-de-Bretagne", "Les Connectés
            // Fay-de-Bretagne"): left out, unless nothing else remains.
            var communeWords = Tokens(place.CommuneName).ToHashSet(StringComparer.Ordinal);
            var distinctive = significant.Where(t => !communeWords.Contains(t)).ToList();
            NameTokens = (distinctive.Count > 0 ? distinctive : significant.Count > 0 ? significant : nameTokens).Distinct().ToArray();
            NameTrigrams = Trigrams(string.Join(' ', NameTokens));
            (StreetNumber, var street) = SplitAddress(place.Address);
            StreetTrigrams = street.Length == 0 ? [] : Trigrams(street);
        }

        public PlaceSketch Place { get; }
        public string CommuneKey { get; }
        internal string[] NameTokens { get; }
        internal string[] Kinds { get; }
        internal long[] NameTrigrams { get; }
        internal string? StreetNumber { get; }
        internal long[] StreetTrigrams { get; }
    }

    public static Features Prepare(PlaceSketch place) => new(place);

    /// <summary>The blocking key: the INSEE code when known or found in the commune resource by name and postal code
    /// (so that a record without INSEE code still meets its commune's places), else the folded commune name.</summary>
    public static string CommuneKeyOf(string? inseeCode, string communeName, string? postalCode = null)
    {
        if (!string.IsNullOrWhiteSpace(inseeCode))
        {
            return "insee:" + inseeCode.Trim();
        }

        var name = string.Join(' ', Tokens(communeName));
        return CommunesByNameAndPostalCode.Value.TryGetValue(name + "|" + postalCode?.Trim(), out var code) ? "insee:" + code : "nom:" + name;
    }

    private static readonly Lazy<Dictionary<string, string>> CommunesByNameAndPostalCode = new(() =>
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var commune in Territoires.CommuneResource.All.Where(n => n.Kind == Territoires.TerritoryKind.Commune && n.PostalCodes is not null))
        {
            var name = string.Join(' ', Tokens(commune.Name));
            foreach (var postal in commune.PostalCodes!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                map.TryAdd(name + "|" + postal, commune.Code);
            }
        }

        return map;
    });

    /// <summary>Compares two places; null when they are not in the same commune (never duplicates).</summary>
    public static DuplicateMatch? Compare(Features a, Features b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!string.Equals(a.CommuneKey, b.CommuneKey, StringComparison.Ordinal))
        {
            return null;
        }

        var name = NameSimilarity(a, b);
        double? street = a.StreetTrigrams.Length == 0 || b.StreetTrigrams.Length == 0 ? null : StreetSimilarity(a, b);
        double? meters = a.Place is { Latitude: { } lat1, Longitude: { } lon1 } && b.Place is { Latitude: { } lat2, Longitude: { } lon2 }
            ? Haversine(lat1, lon1, lat2, lon2)
            : null;
        double? nearness = meters is { } m ? Math.Clamp(1 - ((m - SameSpotMeters) / (FarMeters - SameSpotMeters)), 0, 1) : null;

        var total = NameWeight * name;
        var weights = NameWeight;
        if (street is { } s)
        {
            total += StreetWeight * s;
            weights += StreetWeight;
        }

        if (nearness is { } n)
        {
            total += DistanceWeight * n;
            weights += DistanceWeight;
        }

        var score = total / weights;
        return new DuplicateMatch(score, name, street, meters, Reasons(name, street, meters));
    }

    public static DuplicateMatch? Compare(PlaceSketch a, PlaceSketch b) => Compare(Prepare(a), Prepare(b));

    /// <summary>Every pair scoring at least <paramref name="threshold"/>, compared commune by commune, best first;
    /// pairs in <paramref name="dismissed"/> (smaller id first) are left out.</summary>
    public static List<DuplicatePair> FindAll(IEnumerable<PlaceSketch> places, IReadOnlySet<(int, int)> dismissed, double threshold = Threshold)
    {
        var pairs = new List<DuplicatePair>();
        foreach (var group in places.Select(Prepare).GroupBy(f => f.CommuneKey, StringComparer.Ordinal))
        {
            var members = group.ToArray();
            for (var i = 0; i < members.Length; i++)
            {
                for (var j = i + 1; j < members.Length; j++)
                {
                    var key = PlaceDuplicateDismissal.Order(members[i].Place.Id, members[j].Place.Id);
                    if (key.First == key.Second || dismissed.Contains(key))
                    {
                        continue;
                    }

                    if (Compare(members[i], members[j]) is { } match && match.Score >= threshold)
                    {
                        pairs.Add(new DuplicatePair(key.First, key.Second, match));
                    }
                }
            }
        }

        pairs.Sort((x, y) => y.Match.Score.CompareTo(x.Match.Score) is var c and not 0 ? c : x.FirstId.CompareTo(y.FirstId) is var d and not 0 ? d : x.SecondId.CompareTo(y.SecondId));
        return pairs;
    }

    /// <summary>The probable duplicates among <paramref name="places"/> (a scoped query): tombstones and dismissed pairs excluded.</summary>
    public static async Task<List<DuplicatePair>> FindAsync(AppDbContext db, IQueryable<Place> places, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sketches = await places.AsNoTracking().Where(p => p.MergedIntoId == null).Select(Sketch).ToListAsync(ct);
        var dismissed = await DismissedAsync(db, ct);
        return FindAll(sketches, dismissed);
    }

    public static async Task<HashSet<(int, int)>> DismissedAsync(AppDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.PlaceDuplicateDismissals.AsNoTracking().Select(d => new { d.FirstPlaceId, d.SecondPlaceId }).ToListAsync(ct);
        return rows.Select(r => PlaceDuplicateDismissal.Order(r.FirstPlaceId, r.SecondPlaceId)).ToHashSet();
    }

    /// <summary>The projection the detector reads.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Place, PlaceSketch>> Sketch =
        p => new PlaceSketch(p.Id, p.Name, p.CommuneName, p.InseeCode, p.PostalCode, p.Address, p.Latitude, p.Longitude);

    /// <summary>"même commune, noms proches à 87 %, même adresse, à 35 m".</summary>
    public static string Reasons(double name, double? street, double? meters)
    {
        var parts = new List<string> { "même commune" };
        parts.Add(name >= 0.995 ? "même nom" : name >= 0.4 ? $"noms proches à {Percent(name)} %" : "noms différents");
        if (street is { } s)
        {
            parts.Add(s >= 0.995 ? "même adresse" : s >= 0.5 ? $"adresses proches à {Percent(s)} %" : "adresses différentes");
        }

        if (meters is { } m)
        {
            parts.Add(m < 1000
                ? $"à {Math.Round(m).ToString("0", CultureInfo.InvariantCulture)} m"
                : $"à {(m / 1000).ToString("0.0", CultureInfo.GetCultureInfo("fr-FR"))} km");
        }

        return string.Join(", ", parts);
    }

    private static int Percent(double value) => (int)Math.Round(value * 100, MidpointRounding.AwayFromZero);

    /// <summary>Trigram similarity of the significant words, or, when one name's words are all in the other
    /// ("Médiathèque Carnot" / "Médiathèque municipale Carnot"), their overlap, slightly discounted for the missing words.</summary>
    private static double NameSimilarity(Features a, Features b)
    {
        var dice = Dice(a.NameTrigrams, b.NameTrigrams);
        if (a.NameTokens.Length == 0 || b.NameTokens.Length == 0)
        {
            return dice;
        }

        var common = a.NameTokens.Count(t => b.NameTokens.Contains(t, StringComparer.Ordinal));
        var min = Math.Min(a.NameTokens.Length, b.NameTokens.Length);
        var max = Math.Max(a.NameTokens.Length, b.NameTokens.Length);
        // Overlap only when one name's words are all in the other's: sharing one word of three is not a match.
        var overlap = common == min ? 0.8 + (0.2 * min / max) : 0;
        var similarity = Math.Max(dice, overlap);
        var differentKinds = a.Kinds.Length > 0 && b.Kinds.Length > 0 && !a.Kinds.Intersect(b.Kinds, StringComparer.Ordinal).Any();
        return differentKinds ? similarity * 0.3 : similarity;
    }

    /// <summary>Similarity of the street names, lowered when the house numbers differ (same street, another door).</summary>
    private static double StreetSimilarity(Features a, Features b)
    {
        var street = Dice(a.StreetTrigrams, b.StreetTrigrams);
        var numbers = a.StreetNumber is null || b.StreetNumber is null ? 0.85
            : string.Equals(a.StreetNumber, b.StreetNumber, StringComparison.Ordinal) ? 1.0 : 0.4;
        return street * numbers;
    }

    /// <summary>Lower case, accents and punctuation removed, split on spaces.</summary>
    internal static List<string> Tokens(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var decomposed = text.ToLowerInvariant().Replace("œ", "oe", StringComparison.Ordinal).Replace("æ", "ae", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        return [.. builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>"12 bis, bd J. Jaurès" → ("12bis", "boulevard j jaures"): the number apart, abbreviations expanded.</summary>
    internal static (string? Number, string Street) SplitAddress(string? address)
    {
        var tokens = Tokens(address);
        string? number = null;
        var index = tokens.FindIndex(t => char.IsDigit(t[0]));
        if (index >= 0 && index <= 1)
        {
            var digits = new string(tokens[index].TakeWhile(char.IsDigit).ToArray());
            var suffix = tokens[index][digits.Length..];
            tokens.RemoveAt(index);
            if (suffix.Length == 0 && index < tokens.Count && NumberSuffixes.Contains(tokens[index]) && tokens.Count > index + 1)
            {
                suffix = tokens[index];
                tokens.RemoveAt(index);
            }

            number = digits + (suffix.Length > 0 ? suffix[..1] : "");
        }

        var street = tokens.Select(t => StreetAbbreviations.TryGetValue(t, out var full) ? full : t).Where(t => !StreetStopWords.Contains(t));
        return (number, string.Join(' ', street));
    }

    /// <summary>Sorted distinct trigrams of " text ", three UTF-16 units packed in a long.</summary>
    internal static long[] Trigrams(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var padded = " " + text + " ";
        var set = new HashSet<long>();
        for (var i = 0; i + 2 < padded.Length; i++)
        {
            set.Add(((long)padded[i] << 32) | ((long)padded[i + 1] << 16) | padded[i + 2]);
        }

        var array = set.ToArray();
        Array.Sort(array);
        return array;
    }

    /// <summary>Sørensen–Dice coefficient of two sorted sets.</summary>
    internal static double Dice(long[] a, long[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return 2.0 * common / (a.Length + b.Length);
    }

    /// <summary>Great-circle distance in metres.</summary>
    public static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        const double EarthRadius = 6_371_000;
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadius * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
