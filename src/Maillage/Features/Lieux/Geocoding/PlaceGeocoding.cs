using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Lieux.Geocoding;

public sealed record PlaceGeocodingReport(int Candidates, int Located, IReadOnlyDictionary<string, int> LocatedByPrecision, int Kept, int NotFound, bool DryRun, bool Online);

/// <summary>
/// Fills the coordinates of places (the CLI verb geocode-places): those without coordinates, or with
/// <c>all</c> every place, except a pin placed by hand ("manuel"), which geocoding never moves. With <c>all</c>, a
/// commune centre never replaces coordinates a place already has: it would only make them less precise.
/// Each change is a line of the place's history.
/// </summary>
public static class PlaceGeocoding
{
    public const string ChangeKind = "géocodage";
    private const int Batch = 100;

    public static async Task<PlaceGeocodingReport> RunAsync(AppDbContext db, IGeocoder geocoder, TimeProvider clock, bool all, bool dryRun, CancellationToken ct = default)
    {
        var candidates = db.Places.Where(p => p.MergedIntoId == null && (p.CoordinatesSource == null || p.CoordinatesSource != CoordinatesSources.Manual));
        if (!all)
        {
            candidates = candidates.Where(p => p.Latitude == null || p.Longitude == null);
        }

        var ids = await candidates.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        var byPrecision = new Dictionary<string, int>(StringComparer.Ordinal);
        int located = 0, kept = 0, notFound = 0;
        foreach (var chunk in ids.Chunk(Batch))
        {
            var places = await db.Places.Where(p => chunk.Contains(p.Id)).OrderBy(p => p.Id).ToListAsync(ct);
            var now = clock.GetUtcNow();
            foreach (var place in places)
            {
                var result = await geocoder.GeocodeAsync(new GeocodingQuery(place.Address, place.PostalCode, place.CommuneName, place.InseeCode), ct);
                if (result is null)
                {
                    notFound++;
                    continue;
                }

                var (latitude, longitude) = (Math.Round(result.Latitude, 6), Math.Round(result.Longitude, 6));
                var hasCoordinates = place.Latitude is not null && place.Longitude is not null;
                if ((hasCoordinates && result.Provider == CoordinatesSources.Commune)
                    || (place.Latitude == latitude && place.Longitude == longitude && place.CoordinatesSource == result.Provider))
                {
                    kept++;
                    continue;
                }

                place.Latitude = latitude;
                place.Longitude = longitude;
                place.CoordinatesSource = result.Provider;
                place.ModifiedAt = now;
                db.PlaceChanges.Add(PlaceChange.For(place, AuditLog.SystemActor, AuditLog.SystemActor, now, ChangeKind, Summary(result, latitude, longitude)));
                located++;
                byPrecision[result.Precision] = byPrecision.GetValueOrDefault(result.Precision) + 1;
            }

            if (!dryRun)
            {
                await db.SaveChangesAsync(ct);
            }

            db.ChangeTracker.Clear();
        }

        return new PlaceGeocodingReport(ids.Count, located, byPrecision, kept, notFound, dryRun, geocoder is CompositeGeocoder { IsOnline: true });
    }

    public static string Summary(GeocodingResult result, double latitude, double longitude) => string.Create(CultureInfo.InvariantCulture,
        $"Coordonnées {latitude:0.######}, {longitude:0.######} : {CoordinatesSources.Label(result.Provider)}, {GeocodingPrecisions.Label(result.Precision)} (« {result.Label} », score {result.Score:0.00}).");

    public static void Write(PlaceGeocodingReport report, TextWriter output)
    {
        output.WriteLine(report.Online
            ? "Géocodeur : Base adresse nationale, puis centre de la commune à défaut."
            : "Géocodeur hors ligne : centre de la commune (Geocodage:Ban:Url n'est pas configurée).");
        var detail = string.Join(", ", new[] { GeocodingPrecisions.Address, GeocodingPrecisions.Street, GeocodingPrecisions.Locality, GeocodingPrecisions.Commune }
            .Where(report.LocatedByPrecision.ContainsKey)
            .Select(p => $"{report.LocatedByPrecision[p]} {GeocodingPrecisions.Label(p)}"));
        output.WriteLine($"{report.Candidates} lieu(x) examiné(s) : {report.Located} localisé(s){(detail.Length > 0 ? $" ({detail})" : "")}, "
            + $"{report.Kept} inchangé(s), {report.NotFound} sans résultat.");
        if (report.DryRun)
        {
            output.WriteLine("Simulation (--dry-run) : rien n'a été enregistré.");
        }
    }
}
