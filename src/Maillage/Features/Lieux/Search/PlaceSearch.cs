using System.Linq.Expressions;
using Maillage.Data;
using Maillage.Shared.OpeningHours;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Lieux.Search;

/// <summary>
/// The public search of places, shared by the /lieux page and GET /api/v1/lieux. Only published places.
/// Filters in SQL (provider-independent: comparisons, arithmetic and LIKE only), opening hours in memory.
/// </summary>
public sealed record PlaceSearch
{
    public const int MaxPageSize = 100;
    public const double DefaultRadiusKm = 10;
    public const double MaxRadiusKm = 200;

    public double? Latitude { get; init; }
    public double? Longitude { get; init; }

    /// <summary>Only places within this distance of the point; null keeps every place (sorted by distance).</summary>
    public double? RadiusKm { get; init; }

    /// <summary>INSEE code of the commune.</summary>
    public string? InseeCode { get; init; }
    public string? PostalCode { get; init; }

    /// <summary>Places in any of these communes (INSEE codes), or whose postal code is <see cref="PostalCode"/> when both are given:
    /// a postal code shared by several communes finds the places of all of them.</summary>
    public IReadOnlyList<string> InseeCodes { get; init; } = [];
    public IReadOnlyList<string> Services { get; init; } = [];
    public IReadOnlyList<string> Publics { get; init; } = [];
    public IReadOnlyList<string> Supports { get; init; } = [];
    public IReadOnlyList<string> Fees { get; init; } = [];
    public IReadOnlyList<string> AccessModes { get; init; } = [];

    /// <summary>Dispositifs et programmes nationaux (France Services, Conseillers numériques…).</summary>
    public IReadOnlyList<string> NationalPrograms { get; init; } = [];
    public bool OpenNow { get; init; }
    public bool OpenOnSaturday { get; init; }
    public bool PriorityAreaOnly { get; init; }

    /// <summary>Words in the place's name.</summary>
    public string? Text { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;

    public bool HasPoint => Latitude is not null && Longitude is not null;
}

/// <summary>One place in a list of results.</summary>
public sealed record PlaceHit(
    int Id, string Name, PlaceKind Kind, string Address, string? AddressComplement, string PostalCode, string Commune,
    double? Latitude, double? Longitude, double? DistanceKm, IReadOnlyList<string> Services,
    bool IsOpenNow, string Status, string? Phone, string? BookingUrl);

public static class PlaceSearchQuery
{
    private const double KmPerDegree = 111.32;
    private const double EarthRadiusKm = 6371.0088;

    public static async Task<Paged<PlaceHit>> RunAsync(this PlaceSearch search, AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var page = Math.Max(1, search.Page);
        var size = Math.Clamp(search.PageSize, 1, PlaceSearch.MaxPageSize);
        var query = Filter(db.Places.AsNoTracking().Where(p => p.IsPublished), search);

        IOrderedQueryable<Place> ordered;
        if (search.HasPoint)
        {
            // Equirectangular distance squared, in km²: close to the great-circle distance at these scales, and plain arithmetic in SQL.
            var lat0 = search.Latitude!.Value;
            var lon0 = search.Longitude!.Value;
            var kLat = KmPerDegree * KmPerDegree;
            var cos = Math.Max(0.01, Math.Cos(lat0 * Math.PI / 180));
            var kLon = kLat * cos * cos;
            query = query.Where(p => p.Latitude != null && p.Longitude != null);
            if (search.RadiusKm is { } radius)
            {
                var dLat = radius / KmPerDegree;
                var dLon = radius / (KmPerDegree * cos);
                double minLat = lat0 - dLat, maxLat = lat0 + dLat, minLon = lon0 - dLon, maxLon = lon0 + dLon, r2 = radius * radius;
                query = query.Where(p => p.Latitude >= minLat && p.Latitude <= maxLat && p.Longitude >= minLon && p.Longitude <= maxLon)
                    .Where(p => ((p.Latitude!.Value - lat0) * (p.Latitude!.Value - lat0) * kLat) + ((p.Longitude!.Value - lon0) * (p.Longitude!.Value - lon0) * kLon) <= r2);
            }

            ordered = query.OrderBy(p => ((p.Latitude!.Value - lat0) * (p.Latitude!.Value - lat0) * kLat) + ((p.Longitude!.Value - lon0) * (p.Longitude!.Value - lon0) * kLon))
                .ThenBy(p => p.Id);
        }
        else
        {
            ordered = query.OrderBy(p => p.Name).ThenBy(p => p.Id);
        }

        int total;
        List<int> ids;
        if (search.OpenNow || search.OpenOnSaturday)
        {
            // Opening hours are a text evaluated here: read the candidates' hours in order, keep those that match.
            var candidates = await ordered.Select(p => new { p.Id, p.OpeningHours }).ToListAsync(ct);
            var kept = candidates.Where(c => Matches(c.OpeningHours, search, now)).Select(c => c.Id).ToList();
            total = kept.Count;
            ids = kept.Skip((page - 1) * size).Take(size).ToList();
        }
        else
        {
            total = await ordered.CountAsync(ct);
            ids = await ordered.Skip((page - 1) * size).Take(size).Select(p => p.Id).ToListAsync(ct);
        }

        var rows = await db.Places.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new
            {
                p.Id,
                p.Name,
                p.Kind,
                p.Address,
                p.AddressComplement,
                p.PostalCode,
                p.CommuneName,
                p.Latitude,
                p.Longitude,
                p.Services,
                p.OpeningHours,
                p.Phone,
                p.BookingUrl,
            })
            .ToDictionaryAsync(p => p.Id, ct);
        var items = ids.Where(rows.ContainsKey).Select(id =>
        {
            var r = rows[id];
            double? distance = search.HasPoint && r.Latitude is not null && r.Longitude is not null
                ? DistanceKm(search.Latitude!.Value, search.Longitude!.Value, r.Latitude.Value, r.Longitude.Value)
                : null;
            var (open, status) = Status(r.OpeningHours, now);
            return new PlaceHit(r.Id, r.Name, r.Kind, r.Address, r.AddressComplement, r.PostalCode, r.CommuneName, r.Latitude, r.Longitude,
                distance, Codes.Split(r.Services), open, status, r.Phone, r.BookingUrl);
        }).ToList();
        return new Paged<PlaceHit>(items, page, size, total);
    }

    /// <summary>INSEE codes and names of the communes served by a postal code (several communes can share one), most populated first.</summary>
    public static async Task<List<(string Code, string Name, string PostalCodes)>> CommunesOfPostalCodeAsync(AppDbContext db, string postalCode, CancellationToken ct)
    {
        var rows = await db.Territories.AsNoTracking()
            .Where(t => t.Kind == Territoires.TerritoryKind.Commune && t.PostalCodes != null && t.PostalCodes.Contains(postalCode))
            .OrderByDescending(t => t.Population).ThenBy(t => t.Name)
            .Select(t => new { t.Code, t.Name, t.PostalCodes })
            .ToListAsync(ct);

        // Contains is a substring test: keep the communes whose list holds this exact code.
        return rows.Where(r => r.PostalCodes!.Split(',').Select(c => c.Trim()).Contains(postalCode))
            .Select(r => (r.Code, r.Name, r.PostalCodes!)).ToList();
    }

    /// <summary>The average position of the published places of these communes (or of this postal code): the commune
    /// resource has no coordinates, and this centre is where the network's places are.</summary>
    public static async Task<(double Lat, double Lon)?> CentreAsync(AppDbContext db, IReadOnlyList<string> inseeCodes, string? postalCode, CancellationToken ct)
    {
        var codes = inseeCodes.ToList();
        var places = db.Places.AsNoTracking().Where(p => p.IsPublished && p.Latitude != null && p.Longitude != null)
            .Where(p => (p.InseeCode != null && codes.Contains(p.InseeCode)) || (postalCode != null && p.PostalCode == postalCode));
        var lat = await places.AverageAsync(p => p.Latitude, ct);
        var lon = await places.AverageAsync(p => p.Longitude, ct);
        return lat is null || lon is null ? null : (lat.Value, lon.Value);
    }

    /// <summary>Great-circle distance (haversine) in kilometres.</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Whether the place is open at <paramref name="now"/>, and the French line saying so.</summary>
    public static (bool IsOpen, string Status) Status(string? openingHours, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(openingHours))
        {
            return (false, "Horaires non communiqués");
        }

        if (!OpeningHoursParser.TryParse(openingHours, out var schedule, out _))
        {
            return (false, "Horaires à vérifier auprès du lieu");
        }

        return (schedule.IsOpenAt(now), OpeningHoursText.StatusLine(schedule, now));
    }

    private static bool Matches(string? openingHours, PlaceSearch search, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(openingHours) || !OpeningHoursParser.TryParse(openingHours, out var schedule, out _))
        {
            return false;
        }

        return (!search.OpenNow || schedule.IsOpenAt(now)) && (!search.OpenOnSaturday || schedule[DayOfWeek.Saturday].Count > 0);
    }

    private static IQueryable<Place> Filter(IQueryable<Place> query, PlaceSearch search)
    {
        if (!string.IsNullOrWhiteSpace(search.InseeCode))
        {
            var insee = search.InseeCode.Trim();
            query = query.Where(p => p.InseeCode == insee);
        }

        if (search.InseeCodes.Count > 0)
        {
            var codes = search.InseeCodes.Distinct().ToList();
            var postalCode = search.PostalCode?.Trim();
            query = postalCode is { Length: > 0 }
                ? query.Where(p => (p.InseeCode != null && codes.Contains(p.InseeCode)) || p.PostalCode == postalCode)
                : query.Where(p => p.InseeCode != null && codes.Contains(p.InseeCode));
        }
        else if (!string.IsNullOrWhiteSpace(search.PostalCode))
        {
            var postalCode = search.PostalCode.Trim();
            query = query.Where(p => p.PostalCode == postalCode);
        }

        if (search.PriorityAreaOnly)
        {
            query = query.Where(p => p.Quarter != null && p.Quarter.IsPriorityArea);
        }

        if (!string.IsNullOrWhiteSpace(search.Text))
        {
            // LIKE wildcards typed by a person are taken as spaces; lower-case both sides (ASCII on SQLite, full on PostgreSQL).
            foreach (var word in search.Text.Replace('%', ' ').Replace('_', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5))
            {
                var lower = $"%{word.ToLowerInvariant()}%";
                var asTyped = $"%{word}%";
                query = query.Where(p => EF.Functions.Like(p.Name.ToLower(), lower) || EF.Functions.Like(p.Name, asTyped));
            }
        }

        query = HasAny(query, p => p.Services, search.Services);
        query = HasAny(query, p => p.SpecificPublics, search.Publics);
        query = HasAny(query, p => p.SpecificSupport, search.Supports);
        query = HasAny(query, p => p.Fees, search.Fees);
        query = HasAny(query, p => p.NationalPrograms, search.NationalPrograms);
        return HasAny(query, p => p.AccessModes, search.AccessModes);
    }

    /// <summary>Places whose multi-valued column holds at least one of the codes: <c>col LIKE '%|a|%' OR col LIKE '%|b|%'</c>.</summary>
    private static IQueryable<Place> HasAny(IQueryable<Place> query, Expression<Func<Place, string?>> column, IReadOnlyList<string> codes)
    {
        if (codes.Count == 0)
        {
            return query;
        }

        var like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string)])!;
        Expression? body = null;
        foreach (var code in codes.Distinct())
        {
            // A captured value, so that EF Core sends the pattern as a parameter.
            var pattern = new PatternHolder(Codes.Pattern(code));
            var call = Expression.Call(like, Expression.Constant(EF.Functions), column.Body,
                Expression.Property(Expression.Constant(pattern), nameof(PatternHolder.Value)));
            body = body is null ? call : Expression.OrElse(body, call);
        }

        return query.Where(Expression.Lambda<Func<Place, bool>>(body!, column.Parameters));
    }

    private sealed record PatternHolder(string Value);
}
