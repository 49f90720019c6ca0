using Maillage.Data;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Maillage.Features.Lieux.Export;

/// <summary>The public, anonymous open-data files of the instance's published places.</summary>
public static class OpenDataEndpoints
{
    public static IEndpointRouteBuilder MapOpenData(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/open-data").WithTags("Open data").AllowAnonymous().RequireRateLimiting(RateLimits.Public);
        group.MapGet("/lieux.csv", (AppDbContext db, CancellationToken ct) => File(db, PlaceExportFormat.Csv, ct))
            .WithName("OpenDataPlacesCsv")
            .WithSummary("Lieux publiés au format CSV du standard national des lieux de médiation numérique (v1.0.1).")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        group.MapGet("/lieux.json", (AppDbContext db, CancellationToken ct) => File(db, PlaceExportFormat.Json, ct))
            .WithName("OpenDataPlacesJson")
            .WithSummary("Lieux publiés au format JSON du standard national des lieux de médiation numérique (v1).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        group.MapGet("/lieux.geojson", (AppDbContext db, CancellationToken ct) => File(db, PlaceExportFormat.GeoJson, ct))
            .WithName("OpenDataPlacesGeoJson")
            .WithSummary("Lieux publiés géolocalisés, en GeoJSON (un point par lieu, champs du standard en propriétés).")
            .Produces(StatusCodes.Status200OK, contentType: "application/geo+json");
        return app;
    }

    private static PushStreamHttpResult File(AppDbContext db, PlaceExportFormat format, CancellationToken ct) =>
        TypedResults.Stream(
            stream => PlaceExporter.WriteAsync(db, format, stream, ct),
            PlaceExporter.ContentType(format),
            PlaceExporter.FileName(format));
}
