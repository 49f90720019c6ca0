namespace Maillage.Features.Lieux.Doublons;

/// <summary>
/// A reviewer decided that two places flagged as probable duplicates are distinct (two EPN in the same building, say):
/// the pair is no longer proposed. Stored with the smaller id first so a pair has one row.
/// </summary>
public class PlaceDuplicateDismissal
{
    public int Id { get; set; }
    public int FirstPlaceId { get; set; }
    public int SecondPlaceId { get; set; }
    public DateTimeOffset DismissedAt { get; set; }
    public string? DismissedById { get; set; }
    public required string DismissedByName { get; set; }

    public static (int First, int Second) Order(int a, int b) => a < b ? (a, b) : (b, a);
}
