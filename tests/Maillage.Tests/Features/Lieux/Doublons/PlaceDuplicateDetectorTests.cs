using Maillage.Features.Lieux.Doublons;

namespace Maillage.Tests.Features.Lieux.Doublons;

/// <summary>The duplicate detector on its own: names, streets and distances written for these tests.</summary>
public sealed class PlaceDuplicateDetectorTests
{
    private const string SaintEtienne = "42218";

    private static PlaceSketch Place(int id, string name, string address, double? lat = null, double? lon = null, string? insee = SaintEtienne, string commune = "Saint-Étienne", string postalCode = "42000") =>
        new(id, name, commune, insee, postalCode, address, lat, lon);

    [Theory]
    [InlineData("Espace numérique de Tarentaize", "12 rue Tarentaize", "EPN Tarentaize", "12, r. Tarentaize")]
    [InlineData("Médiathèque Carnot", "3 bd Jules Janin", "Médiathèque municipale Carnot", "3 boulevard Jules Janin")]
    [InlineData("Maison des habitants Beaubrun", "9 place Jacquard", "MAISON DES HABITANTS - BEAUBRUN", "9 pl. Jacquard")]
    [InlineData("Centre social du Soleil", "22 rue de la Montat", "Centre social Soleil", "22 rue Montat")]
    [InlineData("CCAS de Saint-Étienne", "1 place de l'Hôtel de Ville", "CCAS Saint Etienne", "1 pl. Hôtel-de-Ville")]
    public void TheSamePlaceWrittenTwoWaysIsAProbableDuplicate(string name1, string address1, string name2, string address2)
    {
        var match = PlaceDuplicateDetector.Compare(Place(1, name1, address1, 45.4400, 4.3800), Place(2, name2, address2, 45.4402, 4.3801));

        Assert.NotNull(match);
        Assert.True(match.Score >= PlaceDuplicateDetector.Threshold, $"{name1} / {name2}: {match.Score:0.00} ({match.Reasons})");
        Assert.StartsWith("même commune, ", match.Reasons, StringComparison.Ordinal);
        Assert.Matches(@"à \d+ m$", match.Reasons);
    }

    [Fact]
    public void AMisspelledNameWithoutCoordinatesIsStillFoundAndTheReasonsSayWhyInFrench()
    {
        var match = PlaceDuplicateDetector.Compare(
            Place(1, "Espace numérique de la Cotonne", "5 rue Pierre Loti"),
            Place(2, "Espace numerique la Cottone", "5 rue Pierre-Loti"));

        Assert.NotNull(match);
        Assert.True(match.Score >= PlaceDuplicateDetector.Threshold, $"{match.Score:0.00} ({match.Reasons})");
        Assert.Null(match.DistanceMeters);
        Assert.Matches(@"^même commune, noms proches à \d+ %, même adresse$", match.Reasons);
    }

    [Fact]
    public void DifferentPlacesInTheSameStreetAreNotFlagged()
    {
        var soleil = Place(1, "Espace numérique du Soleil", "3 rue de la Paix", 45.43389, 4.39000);
        var ccas = Place(2, "CCAS de Saint-Étienne", "45 rue de la Paix", 45.43420, 4.39250);
        var library = Place(3, "Médiathèque de la Paix", "3 rue de la Paix", 45.43389, 4.39000);

        var street = PlaceDuplicateDetector.Compare(soleil, ccas)!;
        var sameBuilding = PlaceDuplicateDetector.Compare(soleil, library)!;

        Assert.True(street.Score < PlaceDuplicateDetector.Threshold, $"{street.Score:0.00} ({street.Reasons})");
        Assert.True(sameBuilding.Score < PlaceDuplicateDetector.Threshold, $"{sameBuilding.Score:0.00} ({sameBuilding.Reasons})");
        Assert.Contains("adresses différentes", street.Reasons, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Maison des habitants Beaubrun", "Maison des habitants Tarentaize")]
    [InlineData("Médiathèque Tarentaize", "Maison des habitants Tarentaize")]
    [InlineData("France Services Montreynaud", "France Services de Saint-Étienne")]
    [InlineData("Les Connectés de Saint-Étienne", "CCAS de Saint-Étienne")]
    public void TwoInstitutionsInTheSameBuildingAreNotFlagged(string name1, string name2)
    {
        var match = PlaceDuplicateDetector.Compare(Place(1, name1, "9 place Jacquard", 45.44, 4.38), Place(2, name2, "9 place Jacquard", 45.44, 4.38))!;

        Assert.True(match.Score < PlaceDuplicateDetector.Threshold, $"{match.Score:0.00} ({match.Reasons})");
    }

    [Fact]
    public void NumberedPlacesWithTheGenericNameAtTheSameAddressAreNotFlagged()
    {
        // The generic words ("espace", "numérique", "n°") are left out: what remains, the numbers, differ.
        var match = PlaceDuplicateDetector.Compare(Place(1, "Espace numérique n° 1", "3 rue de la Paix", 45.43, 4.39), Place(2, "Espace numérique n° 2", "3 rue de la Paix", 45.43, 4.39))!;

        Assert.True(match.Score < PlaceDuplicateDetector.Threshold, $"{match.Score:0.00} ({match.Reasons})");
    }

    [Fact]
    public void PlacesOfTwoCommunesAreNeverComparedAndAMissingInseeCodeIsFoundFromTheNameAndPostalCode()
    {
        var etienne = Place(1, "France Services", "1 place de l'Hôtel de Ville");
        var chamond = Place(2, "France Services", "1 place de l'Hôtel de Ville", insee: "42207", commune: "Saint-Chamond", postalCode: "42400");
        var noCode = Place(3, "France Services", "1 place de l'Hôtel de Ville", insee: null, commune: "SAINT ETIENNE", postalCode: "42000");

        Assert.Null(PlaceDuplicateDetector.Compare(etienne, chamond));
        Assert.NotNull(PlaceDuplicateDetector.Compare(etienne, noCode));
    }

    [Fact]
    public void FarApartPlacesWithTheSameNameScoreLowerThanNeighbours()
    {
        var a = Place(1, "Point numérique CAF", "10 cours Fauriel", 45.4300, 4.4000);
        var near = PlaceDuplicateDetector.Compare(a, Place(2, "Point numérique CAF", "10 cours Fauriel", 45.4301, 4.4001))!;
        var far = PlaceDuplicateDetector.Compare(a, Place(3, "Point numérique CAF", "80 cours Fauriel", 45.4200, 4.4200))!;

        Assert.True(near.Score > far.Score);
        Assert.Contains("km", far.Reasons, StringComparison.Ordinal);
    }

    [Fact]
    public void FindAllReturnsEachPairOnceBestFirstAndLeavesOutDismissedPairs()
    {
        var places = new[]
        {
            Place(10, "Espace numérique de Tarentaize", "12 rue Tarentaize", 45.44, 4.38),
            Place(11, "EPN Tarentaize", "12 rue Tarentaize", 45.44, 4.38),
            Place(12, "Médiathèque Carnot", "3 bd Jules Janin", 45.45, 4.39),
            Place(13, "Médiathèque municipale Carnot", "3 boulevard Jules Janin"),
            Place(14, "Centre social Le Colombier", "7 rue Colombier", 45.46, 4.40),
            Place(15, "EPN Tarentaize", "12 rue Tarentaize", insee: "42207", commune: "Saint-Chamond", postalCode: "42400"),
        };

        var all = PlaceDuplicateDetector.FindAll(places, new HashSet<(int, int)>());
        var dismissed = PlaceDuplicateDetector.FindAll(places, new HashSet<(int, int)> { (12, 13) });

        Assert.Equal([(10, 11), (12, 13)], all.Select(p => (p.FirstId, p.SecondId)).Order());
        Assert.True(all[0].Match.Score >= all[1].Match.Score);
        Assert.Equal([(10, 11)], dismissed.Select(p => (p.FirstId, p.SecondId)));
    }

    [Fact]
    public void FindAllComparesOnlyWithinCommunesSoFiftyThousandPlacesAreHandled()
    {
        // 50 000 places over 5 000 communes: 5 000 × 45 comparisons instead of 1.25 billion. Not a timing assertion:
        // the test would not finish in any reasonable time if the comparison were done across the whole table.
        var places = Enumerable.Range(0, 50_000)
            .Select(i => Place(i + 1, $"Lieu {i % 10} {(char)('a' + (i % 26))}{(char)('a' + (i / 26 % 26))}", $"{i % 10} rue {i / 10 % 7}",
                insee: (10_000 + (i / 10)).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        places.Add(Place(60_001, "Lieu 0 aa", "0 rue 0", insee: "10000"));

        var pairs = PlaceDuplicateDetector.FindAll(places, new HashSet<(int, int)>());

        Assert.Contains(pairs, p => p.FirstId == 1 && p.SecondId == 60_001);
        Assert.All(pairs, p => Assert.Equal(places[p.FirstId - 1].InseeCode, places.Single(x => x.Id == p.SecondId).InseeCode));
    }
}
