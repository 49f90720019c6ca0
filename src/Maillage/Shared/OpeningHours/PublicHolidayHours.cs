namespace Maillage.Shared.OpeningHours;

public enum PublicHolidayMode
{
    /// <summary>The hours say nothing about public holidays: a holiday follows its weekday.</summary>
    Unspecified,

    /// <summary><c>PH off</c>: closed on public holidays.</summary>
    Closed,

    /// <summary><c>PH 10:00-12:00</c>: these ranges replace the weekday's on public holidays.</summary>
    Open,
}

/// <summary>What the hours say about public holidays (<c>PH</c> in OSM syntax).</summary>
public sealed class PublicHolidayHours : IEquatable<PublicHolidayHours>
{
    public static readonly PublicHolidayHours Unspecified = new(PublicHolidayMode.Unspecified, []);
    public static readonly PublicHolidayHours Closed = new(PublicHolidayMode.Closed, []);

    private PublicHolidayHours(PublicHolidayMode mode, IReadOnlyList<TimeRange> ranges)
    {
        Mode = mode;
        Ranges = ranges;
    }

    public PublicHolidayMode Mode { get; }

    /// <summary>Sorted, non-overlapping; empty unless <see cref="Mode"/> is <see cref="PublicHolidayMode.Open"/>.</summary>
    public IReadOnlyList<TimeRange> Ranges { get; }

    /// <summary>Open during <paramref name="ranges"/>; no range at all means closed.</summary>
    public static PublicHolidayHours Open(IEnumerable<TimeRange> ranges)
    {
        var normalized = TimeRange.Normalize(ranges);
        return normalized.Count == 0 ? Closed : new PublicHolidayHours(PublicHolidayMode.Open, normalized);
    }

    public bool Equals(PublicHolidayHours? other) =>
        other is not null && Mode == other.Mode && Ranges.SequenceEqual(other.Ranges);

    public override bool Equals(object? obj) => Equals(obj as PublicHolidayHours);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Mode);
        foreach (var range in Ranges)
        {
            hash.Add(range);
        }

        return hash.ToHashCode();
    }
}
