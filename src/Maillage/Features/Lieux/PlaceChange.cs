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
}
