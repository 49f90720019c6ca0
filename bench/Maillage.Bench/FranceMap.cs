using System.Globalization;
using Maillage.Features.Territoires;

namespace Maillage.Bench;

/// <summary>
/// Plausible coordinates for France's communes, without a geographic data set: the reference resource has no coordinates, so each
/// commune gets a fixed point (derived from its INSEE code) scattered around its département's prefecture, within a radius that
/// roughly matches the département's size. Enough for distances and densities of the right order, not for maps.
/// </summary>
public sealed class FranceMap
{
    /// <summary>Prefecture (latitude, longitude) and scatter radius in km, per département.</summary>
    private static readonly Dictionary<string, (double Lat, double Lon, double RadiusKm)> Departements = Parse("""
        01 46.20 5.22 40;02 49.56 3.62 45;03 46.57 3.33 45;04 44.09 6.24 45;05 44.56 6.08 40;06 43.70 7.27 25;07 44.74 4.60 40;
        08 49.77 4.72 35;09 42.97 1.61 35;10 48.30 4.08 40;11 43.21 2.35 45;12 44.35 2.57 50;13 43.30 5.37 30;14 49.18 -0.37 40;
        15 44.93 2.44 40;16 45.65 0.16 40;17 46.16 -1.15 35;18 47.08 2.40 45;19 45.27 1.77 40;21 47.32 5.04 50;22 48.51 -2.76 45;
        23 46.17 1.87 40;24 45.18 0.72 50;25 47.24 6.02 40;26 44.93 4.89 40;27 49.02 1.15 40;28 48.45 1.49 40;29 48.00 -4.10 40;
        2A 41.92 8.74 40;2B 42.70 9.45 40;30 43.84 4.36 40;31 43.60 1.44 45;32 43.65 0.59 40;33 44.84 -0.58 50;34 43.61 3.88 40;
        35 48.11 -1.68 45;36 46.81 1.69 45;37 47.39 0.69 40;38 45.19 5.72 45;39 46.67 5.55 40;40 43.89 -0.50 50;41 47.59 1.33 45;
        42 45.44 4.39 35;43 45.04 3.88 40;44 47.22 -1.55 45;45 47.90 1.91 45;46 44.45 1.44 40;47 44.20 0.62 40;48 44.52 3.50 35;
        49 47.47 -0.55 45;50 49.12 -1.09 45;51 48.96 4.36 50;52 48.11 5.14 40;53 48.07 -0.77 35;54 48.69 6.18 40;55 48.77 5.16 40;
        56 47.66 -2.76 45;57 49.12 6.18 40;58 46.99 3.16 45;59 50.63 3.06 40;60 49.43 2.08 40;61 48.43 0.09 40;62 50.29 2.78 45;
        63 45.78 3.08 45;64 43.30 -0.37 50;65 43.23 0.08 35;66 42.70 2.90 35;67 48.57 7.75 40;68 48.08 7.36 30;69 45.76 4.84 25;
        70 47.62 6.15 35;71 46.31 4.83 50;72 48.00 0.20 40;73 45.57 5.92 45;74 45.90 6.13 35;75 48.857 2.352 4.5;76 49.44 1.10 45;
        77 48.54 2.66 40;78 48.80 2.13 25;79 46.32 -0.46 40;80 49.89 2.30 45;81 43.93 2.15 40;82 44.02 1.35 30;83 43.12 5.93 40;
        84 43.95 4.81 30;85 46.67 -1.43 40;86 46.58 0.34 45;87 45.83 1.26 35;88 48.17 6.45 40;89 47.80 3.57 45;90 47.64 6.86 10;
        91 48.63 2.44 20;92 48.89 2.21 7;93 48.91 2.44 7;94 48.79 2.46 7;95 49.04 2.08 20;971 16.24 -61.53 20;972 14.60 -61.07 15;
        973 4.93 -52.33 40;974 -20.88 55.45 20;976 -12.78 45.23 8
        """);

    private sealed record Point(ReferenceNode Commune, double Lat, double Lon);

    private readonly List<Point> communes;
    private readonly double[] placeWeights;
    private readonly double[] peopleWeights;

    public FranceMap()
    {
        communes = [];
        foreach (var node in CommuneResource.All)
        {
            if (node.Kind != TerritoryKind.Commune || node.Departement is null || !Departements.TryGetValue(node.Departement, out var d))
            {
                continue;
            }

            // The same point for the same commune, whatever the seed.
            var own = new Random(StableHash(node.Code));
            var (lat, lon) = Offset(own, d.Lat, d.Lon, d.RadiusKm);
            communes.Add(new Point(node, lat, lon));
        }

        // Places follow population, flattened so that villages get some too; people searching follow population.
        placeWeights = Cumulative(communes.Select(c => Math.Pow(Math.Max(c.Commune.Population ?? 0, 50), 0.75)));
        peopleWeights = Cumulative(communes.Select(c => (double)Math.Max(c.Commune.Population ?? 0, 1)));
    }

    public int CommuneCount => communes.Count;

    public ReferenceNode RandomCommune(Random rng) => communes[Pick(rng, placeWeights)].Commune;

    /// <summary>A point within <paramref name="radiusKm"/> of the commune's point.</summary>
    public (double Lat, double Lon) Around(Random rng, ReferenceNode commune, double radiusKm)
    {
        var p = communes[IndexOf(commune)];
        return Offset(rng, p.Lat, p.Lon, radiusKm);
    }

    /// <summary>Where someone searching might be: a commune drawn by population, then up to <paramref name="jitterKm"/> away.</summary>
    public (double Lat, double Lon) RandomPoint(Random rng, double jitterKm)
    {
        var p = communes[Pick(rng, peopleWeights)];
        return Offset(rng, p.Lat, p.Lon, jitterKm);
    }

    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);

    private int IndexOf(ReferenceNode commune)
    {
        if (index.Count == 0)
        {
            for (var i = 0; i < communes.Count; i++)
            {
                index[communes[i].Commune.Code] = i;
            }
        }

        return index[commune.Code];
    }

    /// <summary>A uniform point in a disc of the given radius (km) around (lat, lon).</summary>
    private static (double Lat, double Lon) Offset(Random rng, double lat, double lon, double radiusKm)
    {
        var r = radiusKm * Math.Sqrt(rng.NextDouble());
        var angle = rng.NextDouble() * 2 * Math.PI;
        var dLat = r * Math.Cos(angle) / 111.32;
        var dLon = r * Math.Sin(angle) / (111.32 * Math.Cos(lat * Math.PI / 180));
        return (lat + dLat, lon + dLon);
    }

    private static int StableHash(string text)
    {
        var h = 17;
        foreach (var c in text)
        {
            h = unchecked((h * 31) + c);
        }

        return h & 0x7fffffff;
    }

    private static int Pick(Random rng, double[] cumulative)
    {
        var x = rng.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, x);
        return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
    }

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var result = weights.ToArray();
        for (var i = 1; i < result.Length; i++)
        {
            result[i] += result[i - 1];
        }

        return result;
    }

    private static Dictionary<string, (double, double, double)> Parse(string table)
    {
        var result = new Dictionary<string, (double, double, double)>(StringComparer.Ordinal);
        foreach (var entry in table.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = entry.Split(' ');
            result[f[0]] = (double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture));
        }

        return result;
    }
}
