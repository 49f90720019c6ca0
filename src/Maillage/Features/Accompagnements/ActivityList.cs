using System.Globalization;
using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Accompagnements;

public enum ActivitySort
{
    /// <summary>Most recent first (the default of « Mes activités »).</summary>
    DateDesc,
    DateAsc,
}

/// <summary>The filters of « Mes activités », the API's GET and the export. Null means « all ».</summary>
public sealed record ActivityFilter(
    DateOnly? From = null,
    DateOnly? To = null,
    ActivityType? Type = null,
    ActivityTheme? Theme = null,
    int? PlaceId = null,
    string? AdvisorId = null,
    int? OrganizationId = null,
    ActivitySort Sort = ActivitySort.DateDesc);

/// <summary>One line of the list: what the advisor needs to recognise a record, without loading it.</summary>
public sealed record ActivityRow(
    long Id,
    DateOnly Date,
    ActivityType Type,
    int DurationMinutes,
    ActivityLocation Location,
    int? PlaceId,
    string? PlaceName,
    string? LocationCommuneCode,
    ActivityTheme Themes,
    int ParticipantCount,
    string? WorkshopTitle,
    long? BeneficiaryId,
    string AdvisorId,
    int OrganizationId);

public sealed record ActivityPage(IReadOnlyList<ActivityRow> Items, string? NextCursor);

/// <summary>
/// Keyset paging over the records a user may read: the cursor is the (date, id) of the last line shown, so the 500th page
/// costs what the first one does (an index range on (AdvisorId, Date, Id) or (OrganizationId, Date)).
/// </summary>
public static class ActivityList
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    public static string CursorFor(DateOnly date, long id) =>
        date.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "." + id.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseCursor(string? cursor, out DateOnly date, out long id)
    {
        date = default;
        id = 0;
        var parts = cursor?.Split('.');
        return parts is [var d, var i]
            && DateOnly.TryParseExact(d, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && long.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }

    /// <summary>Applies the filters (not the cursor) to records already scoped by <see cref="ActivityAccess.Readable"/>.</summary>
    public static IQueryable<Activity> Filter(IQueryable<Activity> records, ActivityFilter filter)
    {
        if (filter.AdvisorId is { } advisor)
        {
            records = records.Where(a => a.AdvisorId == advisor);
        }

        if (filter.OrganizationId is { } organization)
        {
            records = records.Where(a => a.OrganizationId == organization);
        }

        if (filter.From is { } from)
        {
            records = records.Where(a => a.Date >= from);
        }

        if (filter.To is { } to)
        {
            records = records.Where(a => a.Date <= to);
        }

        if (filter.Type is { } type)
        {
            records = records.Where(a => a.Type == type);
        }

        if (filter.Theme is { } theme)
        {
            records = records.Where(a => (a.Themes & theme) != 0);
        }

        if (filter.PlaceId is { } place)
        {
            records = records.Where(a => a.PlaceId == place);
        }

        return records;
    }

    public static async Task<ActivityPage> QueryAsync(AppDbContext db, ActivityAccess access, ActivityFilter filter, string? cursor, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var records = Filter(access.Readable(db.Activities.AsNoTracking()), filter);
        var descending = filter.Sort == ActivitySort.DateDesc;
        if (TryParseCursor(cursor, out var date, out var id))
        {
            records = descending
                ? records.Where(a => a.Date < date || (a.Date == date && a.Id < id))
                : records.Where(a => a.Date > date || (a.Date == date && a.Id > id));
        }

        var ordered = descending ? records.OrderByDescending(a => a.Date).ThenByDescending(a => a.Id) : records.OrderBy(a => a.Date).ThenBy(a => a.Id);
        var rows = await ordered.Take(pageSize + 1)
            .Select(a => new ActivityRow(a.Id, a.Date, a.Type, a.DurationMinutes, a.Location, a.PlaceId, a.Place != null ? a.Place.Name : null, a.LocationCommuneCode,
                a.Themes, a.ParticipantCount, a.WorkshopTitle, a.BeneficiaryId, a.AdvisorId, a.OrganizationId))
            .ToListAsync(ct);
        var next = rows.Count > pageSize ? CursorFor(rows[pageSize - 1].Date, rows[pageSize - 1].Id) : null;
        return new ActivityPage(rows.Count > pageSize ? rows[..pageSize] : rows, next);
    }
}
