using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Maillage.Data;

/// <summary>Stores instants as UTC ticks (sortable integers) on SQLite; values come back in UTC.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));

/// <summary>
/// Npgsql writes only UTC instants to timestamptz: the agenda computes instants in Paris time (+01:00/+02:00), so every
/// instant is brought to UTC on its way to PostgreSQL, whatever offset it carries.
/// </summary>
public sealed class DateTimeOffsetToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    v => v.ToUniversalTime(),
    v => v);
