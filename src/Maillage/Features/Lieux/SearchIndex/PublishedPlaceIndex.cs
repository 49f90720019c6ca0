using System.Collections.Concurrent;
using System.Diagnostics;
using Maillage.Data;
using Maillage.Features.Lieux.Search;
using Maillage.Features.Lieux.Standard;
using Maillage.Shared.OpeningHours;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Lieux.SearchIndex;

/// <summary>
/// The published places held in memory for the public search (/lieux, /embed/lieux, GET /api/v1/lieux): a search is a
/// walk over a 0.1° grid with the opening hours already parsed, not a SQL query, so the public search costs about as much as
/// serving a small file. Same filters, order and paging as <see cref="PlaceSearchQuery.RunAsync"/> (a test compares the two).
/// Fresh for writes of this process at once (<see cref="PlaceDataSignal"/>: only the changed places are re-read), and for
/// writes of other processes within <c>Lieux:IndexRefreshSeconds</c> (a cheap stamp query).
/// </summary>
public sealed class PublishedPlaceIndex : IDisposable
{
    private const double CellDegrees = 0.1;
    private const double KmPerDegree = 111.32;

    /// <summary>Above this many changed places, reading everything again is cheaper than patching.</summary>
    private const int PatchLimit = 2_000;

    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<PublishedPlaceIndex> _logger;
    private readonly long _refreshMs;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<int, byte> _pending = new();
    private volatile Snapshot? _snapshot;
    private volatile bool _allChanged;
    private long _checkedAt;

    public PublishedPlaceIndex(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<PublishedPlaceIndex> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _refreshMs = (long)(configuration.GetValue("Lieux:IndexRefreshSeconds", 5.0) * 1000);
        PlaceDataSignal.Register(this);
    }

    public void Dispose()
    {
        PlaceDataSignal.Unregister(this);
        _gate.Dispose();
    }

    internal void MarkChanged(IReadOnlyCollection<int> ids)
    {
        foreach (var id in ids)
        {
            _pending[id] = 0;
        }
    }

    internal void MarkAllChanged() => _allChanged = true;

    /// <summary>Number of places held (after bringing the index up to date).</summary>
    public async Task<int> CountAsync(CancellationToken ct = default) => (await CurrentAsync(ct)).Places.Length;

    public async Task<Paged<PlaceHit>> SearchAsync(PlaceSearch search, DateTimeOffset now, CancellationToken ct = default) =>
        Search(await CurrentAsync(ct), search, now);

    private static Paged<PlaceHit> Search(Snapshot snapshot, PlaceSearch search, DateTimeOffset now)
    {
        var page = Math.Max(1, search.Page);
        var size = Math.Clamp(search.PageSize, 1, PlaceSearch.MaxPageSize);
        var filter = new Filter(search, now);
        List<IndexedPlace> ordered;
        if (search.HasPoint)
        {
            // The same equirectangular key as the SQL version, so both give the same order.
            var lat0 = search.Latitude!.Value;
            var lon0 = search.Longitude!.Value;
            var kLat = KmPerDegree * KmPerDegree;
            var cos = Math.Max(0.01, Math.Cos(lat0 * Math.PI / 180));
            var kLon = kLat * cos * cos;
            var found = new List<(double Key, IndexedPlace Place)>();
            void Consider(IndexedPlace p, double r2)
            {
                var dLat = p.Latitude - lat0;
                var dLon = p.Longitude - lon0;
                var key = (dLat * dLat * kLat) + (dLon * dLon * kLon);
                if (key <= r2 && filter.Matches(p))
                {
                    found.Add((key, p));
                }
            }

            if (search.RadiusKm is { } radius)
            {
                var dLat = radius / KmPerDegree;
                var dLon = radius / (KmPerDegree * cos);
                double minLat = lat0 - dLat, maxLat = lat0 + dLat, minLon = lon0 - dLon, maxLon = lon0 + dLon, r2 = radius * radius;
                for (var row = Cell(minLat); row <= Cell(maxLat); row++)
                {
                    for (var column = Cell(minLon); column <= Cell(maxLon); column++)
                    {
                        if (!snapshot.Grid.TryGetValue(Key(row, column), out var cell))
                        {
                            continue;
                        }

                        foreach (var p in cell)
                        {
                            if (p.Latitude >= minLat && p.Latitude <= maxLat && p.Longitude >= minLon && p.Longitude <= maxLon)
                            {
                                Consider(p, r2);
                            }
                        }
                    }
                }
            }
            else
            {
                foreach (var p in snapshot.Places)
                {
                    if (p.HasCoordinates)
                    {
                        Consider(p, double.PositiveInfinity);
                    }
                }
            }

            found.Sort((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Place.Id.CompareTo(b.Place.Id));
            ordered = found.ConvertAll(f => f.Place);
        }
        else
        {
            IEnumerable<IndexedPlace> candidates = snapshot.Places;
            if (!string.IsNullOrWhiteSpace(search.InseeCode))
            {
                candidates = snapshot.ByInsee.TryGetValue(search.InseeCode.Trim(), out var list) ? list : [];
            }
            else if (search.InseeCodes.Count > 0)
            {
                var union = search.InseeCodes.Distinct().SelectMany(code => snapshot.ByInsee.TryGetValue(code, out var list) ? list : []);
                if (!string.IsNullOrWhiteSpace(search.PostalCode) && snapshot.ByPostalCode.TryGetValue(search.PostalCode.Trim(), out var byCode))
                {
                    union = union.Concat(byCode);
                }

                candidates = union.Distinct().OrderBy(p => p.Order);
            }
            else if (!string.IsNullOrWhiteSpace(search.PostalCode))
            {
                candidates = snapshot.ByPostalCode.TryGetValue(search.PostalCode.Trim(), out var list) ? list : [];
            }

            // Places are held sorted by name then id (ordinal, as the SQL version on SQLite).
            ordered = candidates.Where(filter.Matches).ToList();
        }

        var items = ordered.Skip((page - 1) * size).Take(size).Select(p => Hit(p, search, now)).ToList();
        return new Paged<PlaceHit>(items, page, size, ordered.Count);
    }

    private static PlaceHit Hit(IndexedPlace p, PlaceSearch search, DateTimeOffset now)
    {
        double? distance = search.HasPoint && p.HasCoordinates
            ? PlaceSearchQuery.DistanceKm(search.Latitude!.Value, search.Longitude!.Value, p.Latitude, p.Longitude)
            : null;
        var (open, status) = p.Hours is null ? (false, "Horaires non communiqués")
            : p.Hours.Schedule is null ? (false, "Horaires à vérifier auprès du lieu")
            : p.Hours.StatusAt(now);
        return new PlaceHit(p.Id, p.Name, p.Kind, p.Address, p.AddressComplement, p.PostalCode, p.CommuneName,
            p.HasCoordinates ? p.Latitude : null, p.HasCoordinates ? p.Longitude : null, distance, p.ServiceList,
            open, status, p.Phone, p.BookingUrl);
    }

    private async Task<Snapshot> CurrentAsync(CancellationToken ct)
    {
        var snapshot = _snapshot;
        var mustRefresh = snapshot is null || _allChanged || !_pending.IsEmpty;
        if (!mustRefresh && Environment.TickCount64 - Interlocked.Read(ref _checkedAt) < _refreshMs)
        {
            return snapshot!;
        }

        if (mustRefresh)
        {
            // Read-your-writes: a change made by this process is visible to the next search.
            await _gate.WaitAsync(ct);
        }
        else if (!await _gate.WaitAsync(0, ct))
        {
            return snapshot!; // another request is already checking the stamp
        }

        try
        {
            await RefreshAsync(ct);
            return _snapshot!;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var current = _snapshot;
        var ids = _pending.Keys.ToList();
        foreach (var id in ids)
        {
            _pending.TryRemove(id, out _);
        }

        var all = _allChanged;
        _allChanged = false;

        // The stamp is read before the places: a write that lands in between changes it again, so nothing is missed.
        var stamp = await StampAsync(db, ct);
        Interlocked.Exchange(ref _checkedAt, Environment.TickCount64);
        if (current is not null && !all && ids.Count == 0 && stamp == current.Stamp)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        if (current is null || all || ids.Count > PatchLimit || (ids.Count == 0 && stamp != current.Stamp))
        {
            var places = await Load(db.Places, ct);
            _snapshot = new Snapshot(places, stamp);
            _logger.LogInformation("Index des lieux publiés chargé : {Count} lieux en {Elapsed} ms.", places.Count, clock.ElapsedMilliseconds);
            return;
        }

        var changed = await Load(db.Places.Where(p => ids.Contains(p.Id)), ct);
        var removed = ids.ToHashSet();
        var merged = current.Places.Where(p => !removed.Contains(p.Id)).Concat(changed).ToList();
        _snapshot = new Snapshot(merged, stamp);
        _logger.LogDebug("Index des lieux publiés mis à jour : {Count} lieu(x) relu(s) en {Elapsed} ms.", ids.Count, clock.ElapsedMilliseconds);
    }

    private static async Task<(int Count, long Modified)> StampAsync(AppDbContext db, CancellationToken ct)
    {
        var count = await db.Places.CountAsync(ct);
        var modified = await db.Places.MaxAsync(p => (DateTimeOffset?)p.ModifiedAt, ct);
        var version = await db.Places.SumAsync(p => (long)p.Version, ct);
        return (count, (modified?.UtcTicks ?? 0) ^ version);
    }

    private static async Task<List<IndexedPlace>> Load(IQueryable<Place> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking().Where(p => p.IsPublished)
            .Select(p => new
            {
                p.Id,
                p.Name,
                p.Kind,
                p.Address,
                p.AddressComplement,
                p.PostalCode,
                p.CommuneName,
                p.InseeCode,
                p.Latitude,
                p.Longitude,
                p.Services,
                p.SpecificPublics,
                p.SpecificSupport,
                p.Fees,
                p.AccessModes,
                p.NationalPrograms,
                Qpv = p.Quarter != null && p.Quarter.IsPriorityArea,
                p.OpeningHours,
                p.Phone,
                p.BookingUrl,
            })
            .ToListAsync(ct);
        // Many places share a commune, a postal code, a list of codes or their hours: one copy of each, one parsed schedule.
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        var hours = new Dictionary<string, SharedHours>(StringComparer.Ordinal);
        var serviceLists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        string? Pool(string? value)
        {
            if (value is null)
            {
                return null;
            }

            if (!strings.TryGetValue(value, out var pooled))
            {
                strings[value] = pooled = value;
            }

            return pooled;
        }

        SharedHours? Hours(string? osm)
        {
            if (string.IsNullOrWhiteSpace(osm))
            {
                return null;
            }

            if (!hours.TryGetValue(osm, out var shared))
            {
                hours[osm] = shared = new SharedHours(osm, OpeningHoursParser.TryParse(osm, out var schedule, out _) ? schedule : null);
            }

            return shared;
        }

        IReadOnlyList<string> ServiceList(string? services)
        {
            if (services is null)
            {
                return [];
            }

            if (!serviceLists.TryGetValue(services, out var list))
            {
                serviceLists[services] = list = Codes.Split(services);
            }

            return list;
        }

        return rows.ConvertAll(r => new IndexedPlace
        {
            Id = r.Id,
            Name = r.Name,
            Kind = r.Kind,
            Address = r.Address,
            AddressComplement = Pool(r.AddressComplement),
            PostalCode = Pool(r.PostalCode)!,
            CommuneName = Pool(r.CommuneName)!,
            InseeCode = Pool(r.InseeCode),
            HasCoordinates = r.Latitude is not null && r.Longitude is not null,
            Latitude = r.Latitude ?? 0,
            Longitude = r.Longitude ?? 0,
            Services = Pool(r.Services),
            ServiceList = ServiceList(r.Services),
            SpecificPublics = Pool(r.SpecificPublics),
            SpecificSupport = Pool(r.SpecificSupport),
            Fees = Pool(r.Fees),
            AccessModes = Pool(r.AccessModes),
            NationalPrograms = Pool(r.NationalPrograms),
            PriorityArea = r.Qpv,
            ServiceBits = CodeBits.Services.Of(r.Services),
            PublicBits = CodeBits.Publics.Of(r.SpecificPublics),
            SupportBits = CodeBits.Supports.Of(r.SpecificSupport),
            FeeBits = CodeBits.Fees.Of(r.Fees),
            AccessBits = CodeBits.AccessModes.Of(r.AccessModes),
            ProgramBits = CodeBits.Programs.Of(r.NationalPrograms),
            Hours = Hours(r.OpeningHours),
            Phone = r.Phone,
            BookingUrl = Pool(r.BookingUrl),
        });
    }

    private static int Cell(double degrees) => (int)Math.Floor(degrees / CellDegrees);

    private static long Key(int row, int column) => ((long)row << 32) | (uint)column;

    private sealed class Snapshot
    {
        public Snapshot(List<IndexedPlace> places, (int, long) stamp)
        {
            places.Sort((a, b) =>
            {
                var byName = string.CompareOrdinal(a.Name, b.Name);
                return byName != 0 ? byName : a.Id.CompareTo(b.Id);
            });
            Places = [.. places];
            for (var i = 0; i < Places.Length; i++)
            {
                Places[i].Order = i;
            }

            Stamp = stamp;
            Grid = Places.Where(p => p.HasCoordinates).GroupBy(p => Key(Cell(p.Latitude), Cell(p.Longitude))).ToDictionary(g => g.Key, g => g.ToArray());
            ByInsee = Places.Where(p => p.InseeCode is not null).GroupBy(p => p.InseeCode!).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
            ByPostalCode = Places.GroupBy(p => p.PostalCode).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        }

        public IndexedPlace[] Places { get; }
        public (int Count, long Modified) Stamp { get; }
        public Dictionary<long, IndexedPlace[]> Grid { get; }
        public Dictionary<string, IndexedPlace[]> ByInsee { get; }
        public Dictionary<string, IndexedPlace[]> ByPostalCode { get; }
    }

    /// <summary>The filters of a search, prepared once.</summary>
    private sealed class Filter(PlaceSearch search, DateTimeOffset now)
    {
        private readonly string? _insee = string.IsNullOrWhiteSpace(search.InseeCode) ? null : search.InseeCode.Trim();
        private readonly string? _postalCode = string.IsNullOrWhiteSpace(search.PostalCode) ? null : search.PostalCode.Trim();
        private readonly HashSet<string> _inseeCodes = [.. search.InseeCodes];
        private readonly CodeFilter _services = CodeBits.Services.Filter(search.Services);
        private readonly CodeFilter _publics = CodeBits.Publics.Filter(search.Publics);
        private readonly CodeFilter _supports = CodeBits.Supports.Filter(search.Supports);
        private readonly CodeFilter _fees = CodeBits.Fees.Filter(search.Fees);
        private readonly CodeFilter _accessModes = CodeBits.AccessModes.Filter(search.AccessModes);
        private readonly CodeFilter _programs = CodeBits.Programs.Filter(search.NationalPrograms);
        private readonly bool _hours = search.OpenNow || search.OpenOnSaturday;
        private readonly string[] _words = string.IsNullOrWhiteSpace(search.Text) ? []
            : search.Text.Replace('%', ' ').Replace('_', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5).ToArray();

        public bool Matches(IndexedPlace p)
        {
            if ((_insee is not null && p.InseeCode != _insee) || (search.PriorityAreaOnly && !p.PriorityArea))
            {
                return false;
            }

            if (_inseeCodes.Count > 0
                ? !((p.InseeCode is not null && _inseeCodes.Contains(p.InseeCode)) || (_postalCode is not null && p.PostalCode == _postalCode))
                : _postalCode is not null && p.PostalCode != _postalCode)
            {
                return false;
            }

            if (!_services.Matches(p.ServiceBits, p.Services) || !_publics.Matches(p.PublicBits, p.SpecificPublics)
                || !_supports.Matches(p.SupportBits, p.SpecificSupport) || !_fees.Matches(p.FeeBits, p.Fees)
                || !_accessModes.Matches(p.AccessBits, p.AccessModes) || !_programs.Matches(p.ProgramBits, p.NationalPrograms))
            {
                return false;
            }

            foreach (var word in _words)
            {
                if (!p.Name.Contains(word, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return !_hours || (p.Hours?.Schedule is { } s
                && (!search.OpenNow || p.Hours.StatusAt(now).IsOpen) && (!search.OpenOnSaturday || s[DayOfWeek.Saturday].Count > 0));
        }
    }

    /// <summary>
    /// One requested field: "has any of these codes". The bits when every requested code is in the vocabulary (always, through
    /// the page and the API); otherwise the same "|code|" substring test as the SQL version.
    /// </summary>
    private readonly struct CodeFilter(bool active, ulong bits, string[]? patterns)
    {
        public bool Matches(ulong placeBits, string? stored)
        {
            if (!active)
            {
                return true;
            }

            if (patterns is null)
            {
                return (placeBits & bits) != 0;
            }

            if (stored is null)
            {
                return false;
            }

            foreach (var pattern in patterns)
            {
                if (stored.Contains(pattern, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        public static CodeFilter Bits(ulong bits) => new(true, bits, null);

        public static CodeFilter Patterns(IEnumerable<string> codes) => new(true, 0, codes.Select(c => "|" + c + "|").ToArray());
    }

    /// <summary>A vocabulary list's codes numbered as bits (the lists of the national schema have fewer than 64 codes).</summary>
    private sealed class CodeBits(VocabularyList list)
    {
        public static readonly CodeBits Services = new(PlaceVocabulary.Services);
        public static readonly CodeBits Publics = new(PlaceVocabulary.SpecificPublics);
        public static readonly CodeBits Supports = new(PlaceVocabulary.SpecificSupport);
        public static readonly CodeBits Fees = new(PlaceVocabulary.Fees);
        public static readonly CodeBits AccessModes = new(PlaceVocabulary.AccessModes);
        public static readonly CodeBits Programs = new(PlaceVocabulary.NationalPrograms);

        private readonly Dictionary<string, int> _bits = list.Codes.Distinct().Take(64).Select((code, bit) => (code, bit))
            .ToDictionary(x => x.code, x => x.bit, StringComparer.Ordinal);

        public ulong Of(string? stored)
        {
            var bits = 0UL;
            foreach (var code in Codes.Split(stored))
            {
                if (_bits.TryGetValue(code, out var bit))
                {
                    bits |= 1UL << bit;
                }
            }

            return bits;
        }

        public CodeFilter Filter(IReadOnlyList<string> codes)
        {
            if (codes.Count == 0)
            {
                return default;
            }

            var bits = 0UL;
            foreach (var code in codes)
            {
                if (!_bits.TryGetValue(code, out var bit))
                {
                    return CodeFilter.Patterns(codes.Distinct());
                }

                bits |= 1UL << bit;
            }

            return CodeFilter.Bits(bits);
        }
    }

    private sealed class IndexedPlace
    {
        public int Id { get; init; }

        /// <summary>Position in the snapshot's name order.</summary>
        public int Order { get; set; }
        public required string Name { get; init; }
        public PlaceKind Kind { get; init; }
        public required string Address { get; init; }
        public string? AddressComplement { get; init; }
        public required string PostalCode { get; init; }
        public required string CommuneName { get; init; }
        public string? InseeCode { get; init; }
        public bool HasCoordinates { get; init; }
        public double Latitude { get; init; }
        public double Longitude { get; init; }
        public string? Services { get; init; }

        /// <summary>The services as a list, split once.</summary>
        public IReadOnlyList<string> ServiceList { get; init; } = [];
        public string? SpecificPublics { get; init; }
        public string? SpecificSupport { get; init; }
        public string? Fees { get; init; }
        public string? AccessModes { get; init; }
        public string? NationalPrograms { get; init; }
        public bool PriorityArea { get; init; }

        /// <summary>The codes of the filtered lists as bits (<see cref="CodeBits"/>): a filter is one AND per field.</summary>
        public ulong ServiceBits { get; init; }
        public ulong PublicBits { get; init; }
        public ulong SupportBits { get; init; }
        public ulong FeeBits { get; init; }
        public ulong AccessBits { get; init; }
        public ulong ProgramBits { get; init; }
        public SharedHours? Hours { get; init; }
        public string? Phone { get; init; }
        public string? BookingUrl { get; init; }
    }

    /// <summary>
    /// Opening hours shared by the places that have the same OSM text: parsed once, and their status cached for the current
    /// minute (hours have minute precision, so "open" and the French status line are the same for every instant of a minute).
    /// </summary>
    private sealed class SharedHours(string osm, WeeklySchedule? schedule)
    {
        private MinuteStatus? _status;

        public string Osm { get; } = osm;

        /// <summary>Null when the text cannot be read.</summary>
        public WeeklySchedule? Schedule { get; } = schedule;

        public (bool IsOpen, string Status) StatusAt(DateTimeOffset now)
        {
            var minute = now.UtcTicks / TimeSpan.TicksPerMinute;
            var cached = _status;
            if (cached is null || cached.Minute != minute)
            {
                var truncated = new DateTimeOffset(minute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
                cached = new MinuteStatus(minute, Schedule!.IsOpenAt(truncated), OpeningHoursText.StatusLine(Schedule, truncated));
                _status = cached;
            }

            return (cached.IsOpen, cached.Status);
        }

        private sealed record MinuteStatus(long Minute, bool IsOpen, string Status);
    }
}
