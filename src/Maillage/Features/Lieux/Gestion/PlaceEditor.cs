using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Lieux.Geocoding;
using Maillage.Features.Lieux.Standard;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Lieux.Gestion;

/// <summary>Kinds of <see cref="PlaceChange"/> rows (the import and the merge write theirs).</summary>
public static class PlaceChangeKinds
{
    public const string Creation = "création";
    public const string Modification = "modification";
    public const string Import = "import";
    public const string Merge = "fusion";
    public const string Publication = "publication";

    public static string Label(string kind) => kind switch
    {
        Creation => "Création",
        Modification => "Modification",
        Import => "Import",
        Merge => "Fusion",
        Publication => "Publication",
        _ => kind,
    };
}

/// <summary>Audit actions of the places back office.</summary>
public static class PlaceAuditActions
{
    public const string Created = Audit.AuditActions.PlaceCreated;
    public const string Updated = Audit.AuditActions.PlaceUpdated;
    public const string Published = Audit.AuditActions.PlacePublished;
}

/// <summary>Who makes a change: the account's id and the name shown in the history.</summary>
public sealed record PlaceActor(string? Id, string Name);

public enum PlaceSaveStatus
{
    Saved,
    Unchanged,

    /// <summary>Someone else saved the place since the form was loaded: nothing was written.</summary>
    Conflict,
}

/// <summary>
/// Creates and updates places from the back office: the place, one <see cref="PlaceChange"/> row saying what changed
/// (French field labels, old → new) and an audit entry, in one transaction; optimistic concurrency on <see cref="Place.Version"/>.
/// </summary>
public sealed class PlaceEditor(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string ConflictMessage = "Ce lieu a été modifié entre-temps par quelqu'un d'autre : ses valeurs actuelles sont affichées ci-dessous. Vérifiez-les, puis enregistrez à nouveau vos changements.";

    private const int SummaryMaxLength = PlaceChange.SummaryMaxLength;

    /// <summary>Today in Paris: the place's date_maj.</summary>
    public DateOnly Today => DateOnly.FromDateTime(ParisTime.ToParis(clock.GetUtcNow()).DateTime);

    public async Task<Place> CreateAsync(PlaceValues values, PlaceActor actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var place = new Place { ImportSource = Place.OwnSource, SourceId = "", Name = "", Pivot = "", CommuneName = "", PostalCode = "", Address = "", CreatedAt = now };
        Apply(place, values, now);
        db.Places.Add(place);
        db.PlaceChanges.Add(PlaceChange.For(place, actor.Id, actor.Name, now, PlaceChangeKinds.Creation, $"Création du lieu « {place.Name} »."));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Record(PlaceAuditActions.Created, "lieu", place.Id.ToString(CultureInfo.InvariantCulture), place.Name, actorId: actor.Id);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return place;
    }

    /// <summary>Updates a tracked place loaded at <paramref name="expectedVersion"/>; writes nothing when nothing changed.</summary>
    public async Task<PlaceSaveStatus> UpdateAsync(Place place, uint expectedVersion, PlaceValues values, PlaceActor actor, CancellationToken ct = default)
    {
        if (place.Version != expectedVersion)
        {
            return PlaceSaveStatus.Conflict;
        }

        var before = await SnapshotAsync(place, ct);
        var now = clock.GetUtcNow();
        var oldUpdatedOn = place.UpdatedOn;
        Apply(place, values, now);
        var after = await SnapshotAsync(place, ct);
        var changed = before.Where(b => !string.Equals(b.Value, after[b.Key], StringComparison.Ordinal)).Select(b => (Label: b.Key, Old: b.Value, New: after[b.Key])).ToList();
        if (changed.Count == 0)
        {
            // Only date_maj and the modification time would move: not a change.
            db.Entry(place).State = EntityState.Unchanged;
            place.UpdatedOn = oldUpdatedOn;
            return PlaceSaveStatus.Unchanged;
        }

        db.Entry(place).Property(p => p.Version).OriginalValue = expectedVersion;
        db.PlaceChanges.Add(PlaceChange.For(place, actor.Id, actor.Name, now, PlaceChangeKinds.Modification, Describe(changed)));
        audit.Record(PlaceAuditActions.Updated, "lieu", place.Id.ToString(CultureInfo.InvariantCulture),
            place.Name + " : " + string.Join(", ", changed.Select(c => c.Label)), actorId: actor.Id);
        return await SaveAsync(ct);
    }

    public async Task<PlaceSaveStatus> SetPublishedAsync(Place place, uint expectedVersion, bool published, PlaceActor actor, CancellationToken ct = default)
    {
        if (place.Version != expectedVersion)
        {
            return PlaceSaveStatus.Conflict;
        }

        if (place.IsPublished == published)
        {
            return PlaceSaveStatus.Unchanged;
        }

        var now = clock.GetUtcNow();
        place.IsPublished = published;
        place.ModifiedAt = now;
        db.Entry(place).Property(p => p.Version).OriginalValue = expectedVersion;
        var summary = published ? "Lieu publié : il est visible du public." : "Lieu retiré de la publication : il n'est plus visible du public.";
        db.PlaceChanges.Add(PlaceChange.For(place, actor.Id, actor.Name, now, PlaceChangeKinds.Publication, summary));
        audit.Record(PlaceAuditActions.Published, "lieu", place.Id.ToString(CultureInfo.InvariantCulture), place.Name + " : " + summary, actorId: actor.Id);
        return await SaveAsync(ct);
    }

    private async Task<PlaceSaveStatus> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return PlaceSaveStatus.Saved;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return PlaceSaveStatus.Conflict;
        }
    }

    private static void Apply(Place place, PlaceValues values, DateTimeOffset now)
    {
        place.Apply(values.Record);
        place.Kind = values.Kind;
        place.Theme = values.Theme;
        place.OrganizationId = values.OrganizationId;
        place.CommuneId = values.CommuneId;
        place.QuarterId = values.QuarterId;
        place.IsPublished = values.IsPublished;
        place.AccessibilityNotes = values.AccessibilityNotes;
        place.CoordinatesSource = values.CoordinatesSource;
        place.ModifiedAt = now;
    }

    /// <summary>Every field a person edits, by its French label, as text (names for the organization and the quartier).</summary>
    private async Task<Dictionary<string, string?>> SnapshotAsync(Place place, CancellationToken ct)
    {
        var record = place.ToRecord();
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in PlaceFields.All.Where(f => f.Name is not (PlaceFields.Id or PlaceFields.UpdatedOn)))
        {
            values[field.Title] = PlaceFields.GetText(record, field.Name);
        }

        values["Type de lieu"] = Place.KindLabel(place.Kind);
        values["Thème"] = place.Theme;
        values["Structure porteuse"] = place.OrganizationId is { } orgId
            ? await db.Organizations.AsNoTracking().Where(o => o.Id == orgId).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
        values["Quartier"] = place.QuarterId is { } quarterId
            ? await db.Territories.AsNoTracking().Where(t => t.Id == quarterId).Select(t => t.Name).FirstOrDefaultAsync(ct) : null;
        values["Visible du public"] = place.IsPublished ? "oui" : "non";
        values["Précisions sur l'accessibilité"] = place.AccessibilityNotes;
        values["Origine des coordonnées"] = place.CoordinatesSource is null ? null : CoordinatesSources.Label(place.CoordinatesSource);
        return values;
    }

    /// <summary>"Téléphone (« +33… » → « +33… ») ; Horaires (…)" within the column's length.</summary>
    private static string Describe(List<(string Label, string? Old, string? New)> changed)
    {
        static string Cut(string? v) => v is null ? "(vide)" : v.Length > 120 ? "« " + v[..120] + "… »" : "« " + v + " »";
        var text = string.Join(" ; ", changed.Select(c => $"{c.Label} : {Cut(c.Old)} → {Cut(c.New)}"));
        if (text.Length > SummaryMaxLength)
        {
            text = "Champs modifiés : " + string.Join(", ", changed.Select(c => c.Label));
        }

        return text.Length > SummaryMaxLength ? text[..SummaryMaxLength] : text;
    }
}
