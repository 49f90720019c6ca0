using System.Diagnostics;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Lieux.Doublons;
using Maillage.Features.Lieux.Geocoding;
using Maillage.Features.Lieux.Standard;
using Maillage.Features.Territoires;
using Maillage.Shared.Scoping;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Lieux.Import;

public sealed record PlaceImportOptions
{
    /// <summary>The import source name, (ImportSource, SourceId) being the upsert key; by default the file name without its extension.</summary>
    public string? Source { get; init; }

    /// <summary>Reads, validates and compares, but writes nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Imports the valid lines even when some are rejected (by default one rejected line refuses the whole file).</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>Who imports, when the import must stay inside their territory: a coordinator's lines whose commune lies
    /// outside their territories are rejected. Null (command line) or an administrator: unrestricted.</summary>
    public UserScope? Scope { get; init; }
}

/// <summary>An incoming record that looks like an existing place of another source or id: listed for review, never merged.</summary>
/// <param name="Line">The record's line (CSV) or position (JSON).</param>
/// <param name="PlaceId">The record's own place once stored (null in a dry run for a place that would be created).</param>
public sealed record ImportDuplicate(int Line, string SourceId, string Name, int? PlaceId, int CandidateId, string CandidateName,
    string CandidateSource, string CandidateSourceId, DuplicateMatch Match);

/// <summary>Who imports: a user (id, name) or the command line (<see cref="System"/>).</summary>
public sealed record ImportActor(string? Id, string Name)
{
    public static readonly ImportActor System = new(AuditLog.SystemActor, AuditLog.SystemActor);
}

public sealed record PlaceImportReport
{
    public required string Source { get; init; }
    public PlaceFileFormat Format { get; init; }
    public bool DryRun { get; init; }

    /// <summary>False when the file was refused: nothing was written.</summary>
    public bool Imported { get; init; }

    /// <summary>Places found in the file (valid and rejected).</summary>
    public int Read { get; init; }
    public int Created { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }

    /// <summary>Valid records whose date_maj is older than the stored one: not overwritten.</summary>
    public int SkippedOlder { get; init; }

    /// <summary>Lines (CSV) or positions (JSON) rejected; with <see cref="PlaceImportOptions.SkipInvalid"/>, not imported.</summary>
    public IReadOnlyList<int> RejectedLines { get; init; } = [];

    /// <summary>Every problem, in French, with its line, field and value (including warnings such as an ignored column).</summary>
    public IReadOnlyList<LineError> Errors { get; init; } = [];

    /// <summary>Records whose place was merged into another: the tombstone is updated, stays unpublished, and the kept place is left alone.</summary>
    public int IntoMerged { get; init; }

    /// <summary>Probable duplicates between the incoming records and existing places, best first (review them; nothing is merged).</summary>
    public IReadOnlyList<ImportDuplicate> Duplicates { get; init; } = [];

    public TimeSpan Duration { get; init; }
}

/// <summary>
/// Imports a file of places in any format of the national standard (see <see cref="PlaceFileReader"/>) into the places of one
/// import source: upsert by (ImportSource, SourceId), date_maj respected, all or nothing by default, one transaction.
/// </summary>
public sealed class PlaceImporter(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string ChangeKind = "import";

    /// <summary>Column lengths of the database (Data/Configurations/PlaceConfiguration) that the standard does not bound.</summary>
    private static readonly (string Field, int Max, Func<PlaceRecord, string?> Value)[] StorageLimits =
    [
        (PlaceFields.Id, 200, r => r.Id),
        (PlaceFields.Name, 300, r => r.Name),
        (PlaceFields.Commune, 200, r => r.Commune),
        (PlaceFields.PostalCode, 5, r => r.PostalCode),
        (PlaceFields.InseeCode, 5, r => r.InseeCode),
        (PlaceFields.Address, 500, r => r.Address),
        (PlaceFields.AddressComplement, 500, r => r.AddressComplement),
        (PlaceFields.Pivot, 14, r => r.Pivot),
        (PlaceFields.Phone, 20, r => r.Phone),
        (PlaceFields.Summary, 280, r => r.Summary),
    ];

    public async Task<PlaceImportReport> ImportAsync(Stream stream, string fileName, PlaceImportOptions options, ImportActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actor);
        var watch = Stopwatch.StartNew();
        var source = SourceName(options.Source, fileName);
        var read = PlaceFileReader.Read(stream, fileName);
        var errors = read.Errors.ToList();
        var rejected = read.RejectedLines.ToList();
        var records = new List<ReadPlace>(read.Records.Count);
        foreach (var read0 in read.Records)
        {
            // The INSEE code is optional in the standard (and absent from the legacy format): found from the postal code and
            // the commune's name when they designate one commune, it links the place to its commune node and coordinator.
            var item = read0.Place.InseeCode is null && Geocoding.CommuneCentres.FindCommune(null, read0.Place.PostalCode, read0.Place.Commune) is { } commune
                ? read0 with { Place = read0.Place with { InseeCode = commune.Code } }
                : read0;
            var tooLong = StorageLimits.Where(l => l.Value(item.Place) is { } v && v.Length > l.Max).ToList();
            if (tooLong.Count == 0)
            {
                records.Add(item);
                continue;
            }

            rejected.Add(item.Line);
            errors.AddRange(tooLong.Select(l => new LineError(item.Line, l.Field, l.Value(item.Place),
                $"Le champ « {PlaceFields.TitleOf(l.Field)} » ne doit pas dépasser {l.Max} caractères ({l.Value(item.Place)!.Length} actuellement).")));
        }

        if (options.Scope is { IsAdministrator: false } scope)
        {
            await RejectOutsideTerritoryAsync(scope, records, rejected, errors, ct);
        }

        rejected.Sort();
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        var report = new PlaceImportReport
        {
            Source = source,
            Format = read.Format,
            DryRun = options.DryRun,
            Read = records.Count + rejected.Count,
            RejectedLines = rejected,
            Errors = errors,
        };

        if (source.Length is 0 or > 100 || source == Place.OwnSource)
        {
            return report with
            {
                Errors = [.. errors, new LineError(0, null, source, source.Length == 0 || source.Length > 100
                    ? "Le nom de la source doit compter de 1 à 100 caractères (option --source)."
                    : $"La source « {Place.OwnSource} » est réservée aux lieux créés dans Maillage : choisissez un autre nom (option --source).")],
                Duration = watch.Elapsed,
            };
        }

        // A file that could not be read at all (format, encoding, header) is refused whatever the options.
        var unreadable = read.Format == PlaceFileFormat.Unknown || (records.Count == 0 && rejected.Count == 0 && errors.Count > 0);
        if (unreadable || (rejected.Count > 0 && !options.SkipInvalid))
        {
            return report with { Duration = watch.Elapsed };
        }
        var existing = await db.Places.Where(p => p.ImportSource == source).ToDictionaryAsync(p => p.SourceId, StringComparer.Ordinal, ct);
        var inseeCodes = records.Select(r => r.Place.InseeCode).OfType<string>().Distinct().ToList();
        var communes = inseeCodes.Count == 0
            ? []
            : await db.Territories.AsNoTracking().Where(t => t.Kind == TerritoryKind.Commune && inseeCodes.Contains(t.Code))
                .Select(t => new { t.Code, t.Id }).ToDictionaryAsync(t => t.Code, t => t.Id, StringComparer.Ordinal, ct);
        int? CommuneOf(PlaceRecord r) => r.InseeCode is { } code && communes.TryGetValue(code, out var id) ? id : null;

        var now = clock.GetUtcNow();
        int created = 0, updated = 0, unchanged = 0, older = 0, intoMerged = 0;
        var newPlaces = new List<Place>();
        var changes = new List<PlaceChange>();
        var targets = new List<(int Line, Place Place)>();
        foreach (var (line, record) in records)
        {
            // Normalised through the entity, so that a stored place compares equal to the same record read again.
            var incoming = new Place { ImportSource = source, SourceId = "", Name = "", Pivot = "", CommuneName = "", PostalCode = "", Address = "" };
            incoming.Apply(record);
            if (!existing.TryGetValue(record.Id, out var place))
            {
                incoming.CommuneId = CommuneOf(record);
                incoming.CoordinatesSource = record.Latitude is not null && record.Longitude is not null ? CoordinatesSources.Import : null;
                incoming.CreatedAt = now;
                incoming.ModifiedAt = now;
                newPlaces.Add(incoming);
                targets.Add((line, incoming));
                changes.Add(PlaceChange.For(incoming, actor.Id, actor.Name, now, ChangeKind, "Création par import de « " + source + " »."));
                created++;
                continue;
            }

            // A merged place's tombstone takes the update (so the next import compares equal) but stays unpublished,
            // and is not proposed again as a duplicate of the place it was merged into.
            if (place.MergedIntoId is not null)
            {
                intoMerged++;
            }
            else
            {
                targets.Add((line, place));
            }

            var changed = ChangedFields(place.ToRecord(), incoming.ToRecord());
            if (changed.Count == 0)
            {
                unchanged++;
            }
            else if (record.UpdatedOn < place.UpdatedOn)
            {
                older++;
            }
            else
            {
                var moved = place.Latitude != record.Latitude || place.Longitude != record.Longitude;
                place.Apply(record);
                if (moved)
                {
                    place.CoordinatesSource = record.Latitude is not null && record.Longitude is not null ? CoordinatesSources.Import : null;
                }

                place.CommuneId = CommuneOf(record);
                place.ModifiedAt = now;
                changes.Add(PlaceChange.For(place, actor.Id, actor.Name, now, ChangeKind, Summary(changed)));
                updated++;
            }
        }
        var duplicates = await FindDuplicatesAsync(source, targets, ct);
        report = report with { Imported = true, Created = created, Updated = updated, Unchanged = unchanged, SkippedOlder = older, IntoMerged = intoMerged };
        if (options.DryRun)
        {
            db.ChangeTracker.Clear();
            return report with { Duplicates = Report(duplicates), Duration = watch.Elapsed };
        }

        if (created + updated > 0)
        {
            var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                db.Places.AddRange(newPlaces);
                db.PlaceChanges.AddRange(changes);
                audit.Record(AuditActions.PlacesImported, "lieux", source,
                    $"Fichier « {Path.GetFileName(fileName)} » : {created} créé(s), {updated} mis à jour, {unchanged} inchangé(s), "
                    + $"{older} plus ancien(s) ignoré(s), {rejected.Count} ligne(s) rejetée(s), {duplicates.Count} doublon(s) probable(s) à examiner.",
                    actorId: actor.Id, actorName: actor.Name);
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
                db.ChangeTracker.Clear();
            }
        }
        else
        {
            db.ChangeTracker.Clear();
        }

        return report with { Duplicates = Report(duplicates), Duration = watch.Elapsed };
    }

    /// <summary>Two lists cut into pairs of slices of at most <paramref name="size"/> items each.</summary>
    private static IEnumerable<(List<string> Codes, List<string> Names)> Chunks(List<string> codes, List<string> names, int size)
    {
        for (var i = 0; i < Math.Max(codes.Count, names.Count); i += size)
        {
            yield return ([.. codes.Skip(i).Take(size)], [.. names.Skip(i).Take(size)]);
        }
    }

    private sealed record FoundDuplicate(int Line, Place Place, PlaceSketch Candidate, string CandidateSource, string CandidateSourceId, DuplicateMatch Match);

    /// <summary>
    /// Compares each incoming record with the existing places of its commune (other source, or other id): only the
    /// communes of the file are read, and each record meets only its commune's places. Merged tombstones and pairs
    /// marked "not duplicates" are left out. Read before saving, so the file's own new places are not candidates.
    /// </summary>
    private async Task<List<FoundDuplicate>> FindDuplicatesAsync(string source, List<(int Line, Place Place)> targets, CancellationToken ct)
    {
        if (targets.Count == 0)
        {
            return [];
        }

        // A national file names thousands of communes: ask only for those that hold places, a few hundred codes at a time
        // (one query with every code as a parameter took over a second on SQLite, even on an empty table).
        var present = await db.Places.AsNoTracking().Where(p => p.MergedIntoId == null)
            .Select(p => new { p.InseeCode, p.CommuneName }).Distinct().ToListAsync(ct);
        var presentCodes = present.Select(p => p.InseeCode).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var presentNames = present.Select(p => p.CommuneName).ToHashSet(StringComparer.Ordinal);
        var codes = targets.Select(t => t.Place.InseeCode).OfType<string>().Where(presentCodes.Contains).Distinct().ToList();
        var names = targets.Select(t => t.Place.CommuneName).Where(presentNames.Contains).Distinct().ToList();
        var candidates = new List<(PlaceSketch Sketch, string ImportSource, string SourceId)>();
        var ids = new HashSet<int>();
        foreach (var (codeChunk, nameChunk) in Chunks(codes, names, 500))
        {
            var rows = await db.Places.AsNoTracking()
                .Where(p => p.MergedIntoId == null && ((p.InseeCode != null && codeChunk.Contains(p.InseeCode)) || nameChunk.Contains(p.CommuneName)))
                .Select(p => new { Sketch = new PlaceSketch(p.Id, p.Name, p.CommuneName, p.InseeCode, p.PostalCode, p.Address, p.Latitude, p.Longitude), p.ImportSource, p.SourceId })
                .ToListAsync(ct);
            candidates.AddRange(rows.Where(r => ids.Add(r.Sketch.Id)).Select(r => (r.Sketch, r.ImportSource, r.SourceId)));
        }

        if (candidates.Count == 0)
        {
            return [];
        }

        var byCommune = candidates
            .Select(c => (Features: PlaceDuplicateDetector.Prepare(c.Sketch), c.ImportSource, c.SourceId))
            .GroupBy(c => c.Features.CommuneKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var dismissed = await PlaceDuplicateDetector.DismissedAsync(db, ct);
        var found = new List<FoundDuplicate>();
        var seen = new HashSet<(int, int)>();
        foreach (var (line, place) in targets)
        {
            var features = PlaceDuplicateDetector.Prepare(new PlaceSketch(place.Id, place.Name, place.CommuneName, place.InseeCode, place.PostalCode, place.Address, place.Latitude, place.Longitude));
            if (!byCommune.TryGetValue(features.CommuneKey, out var group))
            {
                continue;
            }

            foreach (var (candidate, candidateSource, candidateSourceId) in group)
            {
                if (candidate.Place.Id == place.Id || (candidateSource == source && candidateSourceId == place.SourceId))
                {
                    continue;
                }

                var pair = PlaceDuplicateDismissal.Order(place.Id, candidate.Place.Id);
                if (place.Id != 0 && (dismissed.Contains(pair) || !seen.Add(pair)))
                {
                    continue;
                }

                if (PlaceDuplicateDetector.Compare(features, candidate) is { Score: >= PlaceDuplicateDetector.Threshold } match)
                {
                    found.Add(new FoundDuplicate(line, place, candidate.Place, candidateSource, candidateSourceId, match));
                }
            }
        }

        return found;
    }

    /// <summary>The report's rows, once the new places have their ids (after saving; still 0 in a dry run).</summary>
    private static List<ImportDuplicate> Report(List<FoundDuplicate> found) =>
    [
        .. found
            .OrderByDescending(f => f.Match.Score).ThenBy(f => f.Line).ThenBy(f => f.Candidate.Id)
            .Select(f => new ImportDuplicate(f.Line, f.Place.SourceId, f.Place.Name, f.Place.Id == 0 ? null : f.Place.Id,
                f.Candidate.Id, f.Candidate.Name, f.CandidateSource, f.CandidateSourceId, f.Match)),
    ];

    /// <summary>Rejects the records whose commune is not one the coordinator manages (by INSEE code; a record
    /// without one cannot be placed and is rejected too).</summary>
    private async Task RejectOutsideTerritoryAsync(UserScope scope, List<ReadPlace> records, List<int> rejected, List<LineError> errors, CancellationToken ct)
    {
        var allowed = (await scope.ManagedTerritories(db.Territories.AsNoTracking())
            .Where(t => t.Kind == TerritoryKind.Commune).Select(t => t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        records.RemoveAll(item =>
        {
            var code = item.Place.InseeCode;
            if (code is not null && allowed.Contains(code))
            {
                return false;
            }

            rejected.Add(item.Line);
            errors.Add(code is null
                ? new LineError(item.Line, PlaceFields.InseeCode, null,
                    $"Le code INSEE de la commune « {item.Place.Commune} » est absent : il est nécessaire pour vérifier que ce lieu est dans votre territoire.")
                : new LineError(item.Line, PlaceFields.InseeCode, code,
                    $"La commune « {item.Place.Commune} » ({code}) n'est pas dans votre territoire : vous ne pouvez importer que les lieux de vos communes."));
            return true;
        });
    }

    /// <summary>The source given, or the file name without its folder and extension.</summary>
    public static string SourceName(string? source, string fileName) =>
        (string.IsNullOrWhiteSpace(source) ? Path.GetFileNameWithoutExtension(fileName) : source).Trim();

    private static List<(string Field, string? Old, string? New)> ChangedFields(PlaceRecord stored, PlaceRecord incoming) =>
    [
        .. PlaceFields.Ordered
            .Select(f => (Field: f, Old: PlaceFields.GetText(stored, f), New: PlaceFields.GetText(incoming, f)))
            .Where(c => !string.Equals(c.Old, c.New, StringComparison.Ordinal)),
    ];

    /// <summary>"Modification par import : nom (« A » → « B »), horaires, …" within the column's 4000 characters.</summary>
    private static string Summary(List<(string Field, string? Old, string? New)> changed)
    {
        static string Cut(string? v) => v is null ? "(vide)" : v.Length > 80 ? "« " + v[..80] + "… »" : "« " + v + " »";
        var parts = changed.Select(c => $"{c.Field} ({Cut(c.Old)} → {Cut(c.New)})");
        var text = "Modification par import : " + string.Join(", ", parts) + ".";
        return text.Length <= 4000 ? text : "Modification par import : " + string.Join(", ", changed.Select(c => c.Field)) + ".";
    }
}
