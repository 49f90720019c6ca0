using System.Diagnostics;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Lieux.Standard;
using Maillage.Features.Territoires;
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
}

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
        foreach (var item in read.Records)
        {
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
        int created = 0, updated = 0, unchanged = 0, older = 0;
        var newPlaces = new List<Place>();
        var changes = new List<PlaceChange>();
        foreach (var (_, record) in records)
        {
            // Normalised through the entity, so that a stored place compares equal to the same record read again.
            var incoming = new Place { ImportSource = source, SourceId = "", Name = "", Pivot = "", CommuneName = "", PostalCode = "", Address = "" };
            incoming.Apply(record);
            if (!existing.TryGetValue(record.Id, out var place))
            {
                incoming.CommuneId = CommuneOf(record);
                incoming.CreatedAt = now;
                incoming.ModifiedAt = now;
                newPlaces.Add(incoming);
                changes.Add(Change(incoming, actor, now, "Création par import de « " + source + " »."));
                created++;
                continue;
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
                place.Apply(record);
                place.CommuneId = CommuneOf(record);
                place.ModifiedAt = now;
                changes.Add(Change(place, actor, now, Summary(changed)));
                updated++;
            }
        }

        report = report with { Imported = true, Created = created, Updated = updated, Unchanged = unchanged, SkippedOlder = older };
        if (options.DryRun)
        {
            db.ChangeTracker.Clear();
            return report with { Duration = watch.Elapsed };
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
                    + $"{older} plus ancien(s) ignoré(s), {rejected.Count} ligne(s) rejetée(s).",
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

        return report with { Duration = watch.Elapsed };
    }

    /// <summary>The source given, or the file name without its folder and extension.</summary>
    public static string SourceName(string? source, string fileName) =>
        (string.IsNullOrWhiteSpace(source) ? Path.GetFileNameWithoutExtension(fileName) : source).Trim();

    private static PlaceChange Change(Place place, ImportActor actor, DateTimeOffset at, string summary) => new()
    {
        Place = place,
        At = at,
        ActorId = actor.Id is { Length: > 64 } id ? id[..64] : actor.Id,
        ActorName = actor.Name.Length > 256 ? actor.Name[..256] : actor.Name,
        Kind = ChangeKind,
        Summary = summary,
    };

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
