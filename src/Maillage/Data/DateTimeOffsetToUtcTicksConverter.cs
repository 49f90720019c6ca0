using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Maillage.Data;

/// <summary>Stores instants as UTC ticks (sortable integers) on SQLite; values come back in UTC.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
