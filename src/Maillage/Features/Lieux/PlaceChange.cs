namespace Maillage.Features.Lieux;

/// <summary>One change to a place: who, when, what (field names and old → new values, never personal data of the public).</summary>
public class PlaceChange
{
    public long Id { get; set; }
    public int PlaceId { get; set; }
    public Place? Place { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActorId { get; set; }
    public required string ActorName { get; set; }

    /// <summary>création, modification, import, fusion…</summary>
    public required string Kind { get; set; }
    public required string Summary { get; set; }

    public const int ActorIdMaxLength = 64;
    public const int ActorNameMaxLength = 256;
    public const int KindMaxLength = 32;
    public const int SummaryMaxLength = 4000;

    /// <summary>A history row for a tracked or new place, its texts clipped to the columns (a long summary ends with « … »).</summary>
    public static PlaceChange For(Place place, string? actorId, string actorName, DateTimeOffset at, string kind, string summary) => new()
    {
        Place = place,
        PlaceId = place.Id,
        At = at,
        ActorId = actorId is { Length: > ActorIdMaxLength } ? actorId[..ActorIdMaxLength] : actorId,
        ActorName = actorName.Length > ActorNameMaxLength ? actorName[..ActorNameMaxLength] : actorName,
        Kind = kind,
        Summary = summary.Length > SummaryMaxLength ? summary[..(SummaryMaxLength - 1)] + "…" : summary,
    };
}
