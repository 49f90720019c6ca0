namespace Maillage.Features.Lieux.Gestion;

/// <summary>
/// Rough bounding boxes of France: metropolitan France with Corsica, the overseas départements and the collectivities whose
/// phone prefixes the national schema accepts. Enough to catch swapped or mistyped coordinates, not a border test.
/// </summary>
public static class FranceArea
{
    private static readonly (string Name, double South, double North, double West, double East)[] Boxes =
    [
        ("France métropolitaine", 41.3, 51.15, -5.3, 9.65),
        ("Guadeloupe", 15.8, 16.55, -61.85, -60.95),
        ("Martinique", 14.35, 14.9, -61.25, -60.8),
        ("Guyane", 2.1, 5.8, -54.65, -51.6),
        ("La Réunion", -21.4, -20.85, 55.2, 55.85),
        ("Mayotte", -13.05, -12.6, 44.95, 45.35),
        ("Saint-Pierre-et-Miquelon", 46.7, 47.2, -56.5, -56.1),
        ("Saint-Barthélemy et Saint-Martin", 17.85, 18.15, -63.2, -62.75),
        ("Wallis-et-Futuna", -14.4, -13.15, -178.25, -176.1),
        ("Polynésie française", -28.0, -7.8, -154.8, -134.4),
        ("Nouvelle-Calédonie", -22.9, -19.5, 163.5, 168.2),
    ];

    public static bool Contains(double latitude, double longitude) =>
        Boxes.Any(b => latitude >= b.South && latitude <= b.North && longitude >= b.West && longitude <= b.East);
}
