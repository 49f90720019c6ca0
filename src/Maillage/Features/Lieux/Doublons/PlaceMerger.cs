using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Lieux.Geocoding;
using Maillage.Features.Lieux.Import;
using Maillage.Features.Lieux.Standard;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Lieux.Doublons;

/// <summary>
/// One choice of the merge form: a field, or a group of fields that only make sense together (the address with its
/// commune and codes; latitude with longitude and where they come from; our kind with its theme).
/// </summary>
/// <param name="Display">The value as a reviewer reads it (null when empty).</param>
/// <param name="Richness">How much the value holds: more codes, longer text, newer date. The richer side is preselected.</param>
/// <param name="Copy">Copies the value from the second place to the first.</param>
public sealed record MergeField(string Key, string Label, Func<Place, string?> Display, Func<Place, double> Richness, Action<Place, Place> Copy)
{
    /// <summary>"a" or "b": the side whose value is richer, the first on a tie.</summary>
    public string Richer(Place a, Place b) => Richness(b) > Richness(a) ? "b" : "a";

    public bool Differs(Place a, Place b) => !string.Equals(Display(a), Display(b), StringComparison.Ordinal);
}

public enum MergeOutcome
{
    Merged,

    /// <summary>One of the places changed since the form was shown (Version token): nothing was written.</summary>
    Conflict,

    /// <summary>One of the places was already merged: nothing was written.</summary>
    AlreadyMerged,
}

/// <summary>
/// Merges two places by hand: the kept place takes the value chosen for each field, the other becomes an unpublished
/// tombstone pointing to it (MergedIntoId) so that its source id keeps matching on re-import and its old address can
/// redirect. One transaction; both places' Version tokens are checked.
/// </summary>
public sealed class PlaceMerger(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string ChangeKind = "fusion";

    public static readonly IReadOnlyList<MergeField> Fields =
    [
        Text(PlaceFields.Name, p => p.Name, (t, s) => t.Name = s.Name),
        new("adresse", "Adresse (rue, code postal, commune, code INSEE)",
            p => $"{p.Address}, {p.PostalCode} {p.CommuneName}" + (p.InseeCode is null ? "" : $" ({p.InseeCode})"),
            p => (p.Address.Length > 0 ? 1 : 0) + (p.InseeCode is null ? 0 : 1) + (p.QuarterId is null ? 0 : 1) + (p.Address.Length / 1000.0),
            (t, s) =>
            {
                (t.Address, t.PostalCode, t.CommuneName, t.InseeCode) = (s.Address, s.PostalCode, s.CommuneName, s.InseeCode);
                (t.CommuneId, t.QuarterId) = (s.CommuneId, s.QuarterId);
            }),
        Text(PlaceFields.AddressComplement, p => p.AddressComplement, (t, s) => t.AddressComplement = s.AddressComplement),
        new("coordonnees", "Coordonnées",
            p => p.Latitude is { } lat && p.Longitude is { } lon
                ? string.Create(CultureInfo.InvariantCulture, $"{lat}, {lon}") + $" ({CoordinatesSources.Label(p.CoordinatesSource)})"
                : null,
            p => p.Latitude is null || p.Longitude is null ? 0 : p.CoordinatesSource switch
            {
                CoordinatesSources.Manual => 4,
                CoordinatesSources.Ban => 3,
                CoordinatesSources.Import => 2,
                _ => 1,
            },
            (t, s) => (t.Latitude, t.Longitude, t.CoordinatesSource) = (s.Latitude, s.Longitude, s.CoordinatesSource)),
        Text(PlaceFields.Pivot, p => p.Pivot, (t, s) => t.Pivot = s.Pivot),
        Multi(PlaceFields.Typology, p => p.Typology, (t, s) => t.Typology = s.Typology),
        Text(PlaceFields.Phone, p => p.Phone, (t, s) => t.Phone = s.Phone),
        Multi(PlaceFields.Emails, p => p.Emails, (t, s) => t.Emails = s.Emails),
        Multi(PlaceFields.Websites, p => p.Websites, (t, s) => t.Websites = s.Websites),
        Text(PlaceFields.OpeningHours, p => p.OpeningHours, (t, s) => t.OpeningHours = s.OpeningHours),
        Text(PlaceFields.Summary, p => p.Summary, (t, s) => t.Summary = s.Summary),
        Text(PlaceFields.Description, p => p.Description, (t, s) => t.Description = s.Description),
        Text(PlaceFields.Source, p => p.Source, (t, s) => t.Source = s.Source),
        Multi(PlaceFields.Itinerance, p => p.Itinerance, (t, s) => t.Itinerance = s.Itinerance),
        Text(PlaceFields.ParentOrganization, p => p.ParentOrganization, (t, s) => t.ParentOrganization = s.ParentOrganization),
        new(PlaceFields.UpdatedOn, PlaceFields.TitleOf(PlaceFields.UpdatedOn),
            p => p.UpdatedOn == DateOnly.MinValue ? null : p.UpdatedOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            p => p.UpdatedOn.DayNumber, (t, s) => t.UpdatedOn = s.UpdatedOn),
        Multi(PlaceFields.Services, p => p.Services, (t, s) => t.Services = s.Services),
        Multi(PlaceFields.SpecificPublics, p => p.SpecificPublics, (t, s) => t.SpecificPublics = s.SpecificPublics),
        Multi(PlaceFields.SpecificSupport, p => p.SpecificSupport, (t, s) => t.SpecificSupport = s.SpecificSupport),
        Multi(PlaceFields.Fees, p => p.Fees, (t, s) => t.Fees = s.Fees),
        Multi(PlaceFields.NationalPrograms, p => p.NationalPrograms, (t, s) => t.NationalPrograms = s.NationalPrograms),
        Multi(PlaceFields.TrainingsAndLabels, p => p.TrainingsAndLabels, (t, s) => t.TrainingsAndLabels = s.TrainingsAndLabels),
        Text(PlaceFields.OtherTrainingsAndLabels, p => p.OtherTrainingsAndLabels, (t, s) => t.OtherTrainingsAndLabels = s.OtherTrainingsAndLabels),
        Multi(PlaceFields.AccessModes, p => p.AccessModes, (t, s) => t.AccessModes = s.AccessModes),
        Multi(PlaceFields.SupportModes, p => p.SupportModes, (t, s) => t.SupportModes = s.SupportModes),
        Text(PlaceFields.AccessibilityUrl, p => p.AccessibilityUrl, (t, s) => t.AccessibilityUrl = s.AccessibilityUrl),
        Text(PlaceFields.BookingUrl, p => p.BookingUrl, (t, s) => t.BookingUrl = s.BookingUrl),
        new("type", "Type de lieu (et thème)",
            p => Place.KindLabel(p.Kind) + (p.Theme is null ? "" : " — " + p.Theme),
            p => (p.Kind == PlaceKind.Autre ? 0 : 1) + (p.Theme is null ? 0 : 1),
            (t, s) => (t.Kind, t.Theme) = (s.Kind, s.Theme)),
        new("structure", "Structure propriétaire", p => p.Organization?.Name ?? (p.OrganizationId is null ? null : "Structure n° " + p.OrganizationId),
            p => p.OrganizationId is null ? 0 : 1, (t, s) => (t.OrganizationId, t.Organization) = (s.OrganizationId, s.Organization)),
        Text("accessibilite", "Détails sur l'accessibilité", p => p.AccessibilityNotes, (t, s) => t.AccessibilityNotes = s.AccessibilityNotes),
        new("publication", "Visible du public", p => p.IsPublished ? "Oui" : "Non", p => p.IsPublished ? 1 : 0, (t, s) => t.IsPublished = s.IsPublished),
    ];

    /// <summary>
    /// Merges <paramref name="other"/> into <paramref name="kept"/> (both tracked, loaded by the caller within the user's
    /// scope). <paramref name="fromOther"/> names the fields whose value is taken from the other place.
    /// </summary>
    public async Task<MergeOutcome> MergeAsync(Place kept, uint keptVersion, Place other, uint otherVersion, IReadOnlySet<string> fromOther, ImportActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(fromOther);
        ArgumentNullException.ThrowIfNull(actor);
        if (kept.MergedIntoId is not null || other.MergedIntoId is not null)
        {
            return MergeOutcome.AlreadyMerged;
        }

        if (kept.Version != keptVersion || other.Version != otherVersion)
        {
            return MergeOutcome.Conflict;
        }

        var now = clock.GetUtcNow();
        var taken = new List<string>();
        foreach (var field in Fields.Where(f => fromOther.Contains(f.Key) && f.Differs(kept, other)))
        {
            field.Copy(kept, other);
            taken.Add(field.Label);
        }

        kept.ModifiedAt = now;
        other.IsPublished = false;
        other.MergedIntoId = kept.Id;
        other.ModifiedAt = now;
        db.Entry(kept).Property(p => p.Version).OriginalValue = keptVersion;
        db.Entry(other).Property(p => p.Version).OriginalValue = otherVersion;

        var otherLabel = $"n° {other.Id.ToString(CultureInfo.InvariantCulture)} « {other.Name} » (source {other.ImportSource}, id {other.SourceId})";
        var keptLabel = $"n° {kept.Id.ToString(CultureInfo.InvariantCulture)} « {kept.Name} »";
        var summary = $"Fusion du lieu {otherLabel} dans ce lieu. "
            + (taken.Count == 0 ? "Aucune valeur reprise de l'autre lieu." : "Valeurs reprises de l'autre lieu : " + string.Join(", ", taken) + ".");
        db.PlaceChanges.Add(PlaceChange.For(kept, actor.Id, actor.Name, now, ChangeKind, summary));
        db.PlaceChanges.Add(PlaceChange.For(other, actor.Id, actor.Name, now, ChangeKind,
            $"Fusionné dans le lieu {keptLabel} : cette fiche n'est plus publiée et renvoie vers lui. Son historique reste ici."));
        audit.Record(AuditActions.PlacesMerged, "lieu", kept.Id.ToString(CultureInfo.InvariantCulture),
            $"Lieu {otherLabel} fusionné dans le lieu {keptLabel}. Champs repris : {(taken.Count == 0 ? "aucun" : string.Join(", ", taken))}.",
            actorId: actor.Id, actorName: actor.Name);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return MergeOutcome.Conflict;
        }

        // Open "Signaler une erreur" reports follow the place people will now see; places merged earlier into the
        // tombstone point straight to the kept place (one hop for redirects).
        await db.PlaceReports.Where(r => r.PlaceId == other.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.PlaceId, kept.Id), ct);
        await db.Places.Where(p => p.MergedIntoId == other.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.MergedIntoId, kept.Id), ct);
        await transaction.CommitAsync(ct);
        return MergeOutcome.Merged;
    }

    /// <summary>Records that two places are distinct ("Ce ne sont pas des doublons"): the pair is no longer proposed.</summary>
    public async Task DismissAsync(int a, int b, ImportActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (first, second) = PlaceDuplicateDismissal.Order(a, b);
        if (await db.PlaceDuplicateDismissals.AnyAsync(d => d.FirstPlaceId == first && d.SecondPlaceId == second, ct))
        {
            return;
        }

        db.PlaceDuplicateDismissals.Add(new PlaceDuplicateDismissal
        {
            FirstPlaceId = first,
            SecondPlaceId = second,
            DismissedAt = clock.GetUtcNow(),
            DismissedById = actor.Id,
            DismissedByName = actor.Name.Length > 256 ? actor.Name[..256] : actor.Name,
        });
        audit.Record(AuditActions.PlaceDuplicateDismissed, "lieu", first.ToString(CultureInfo.InvariantCulture),
            $"Les lieux n° {first} et n° {second} ne sont pas des doublons.", actorId: actor.Id, actorName: actor.Name);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone else dismissed the same pair at the same moment (unique index): the decision is recorded.
            db.ChangeTracker.Clear();
            if (!await db.PlaceDuplicateDismissals.AsNoTracking().AnyAsync(d => d.FirstPlaceId == first && d.SecondPlaceId == second, ct))
            {
                throw;
            }
        }
    }


    private static MergeField Text(string key, Func<Place, string?> get, Action<Place, Place> copy) => Text(key, PlaceFields.TitleOf(key), get, copy);

    private static MergeField Text(string key, string label, Func<Place, string?> get, Action<Place, Place> copy) =>
        new(key, label, p => string.IsNullOrWhiteSpace(get(p)) ? null : get(p), p => get(p)?.Trim().Length ?? 0, copy);

    private static MergeField Multi(string key, Func<Place, string?> get, Action<Place, Place> copy) =>
        new(key, PlaceFields.TitleOf(key), p => Codes.Split(get(p)) is { Count: > 0 } codes ? string.Join(" · ", codes) : null,
            p => Codes.Split(get(p)).Count, copy);
}
