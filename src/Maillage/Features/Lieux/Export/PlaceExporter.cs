using System.IO.Pipelines;
using Maillage.Data;
using Maillage.Features.Lieux.Standard;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Lieux.Export;

public enum PlaceExportFormat
{
    Csv,
    Json,
    GeoJson,
}

/// <summary>
/// The open data of the instance: published places in the national standard (CSV v1.0.1, JSON v1) or as GeoJSON,
/// read from the database as they are written, never the whole file in memory.
/// </summary>
public static class PlaceExporter
{
    public static bool TryParseFormat(string? text, out PlaceExportFormat format)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "csv":
                format = PlaceExportFormat.Csv;
                return true;
            case "json":
                format = PlaceExportFormat.Json;
                return true;
            case "geojson":
                format = PlaceExportFormat.GeoJson;
                return true;
            default:
                format = default;
                return false;
        }
    }

    public static string ContentType(PlaceExportFormat format) => format switch
    {
        PlaceExportFormat.Json => "application/json; charset=utf-8",
        PlaceExportFormat.GeoJson => "application/geo+json; charset=utf-8",
        _ => "text/csv; charset=utf-8",
    };

    public static string FileName(PlaceExportFormat format) => format switch
    {
        PlaceExportFormat.Json => "lieux.json",
        PlaceExportFormat.GeoJson => "lieux.geojson",
        _ => "lieux.csv",
    };

    /// <summary>The published places in a stable order (source, then id there), untracked.</summary>
    public static IQueryable<Place> Published(AppDbContext db) =>
        db.Places.AsNoTracking().Where(p => p.IsPublished).OrderBy(p => p.ImportSource).ThenBy(p => p.SourceId).ThenBy(p => p.Id);

    /// <summary>Writes synchronously (command line, files): the query is enumerated as the file is written.</summary>
    public static void Write(AppDbContext db, PlaceExportFormat format, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(db);
        Writer(format)(Published(db).AsEnumerable().Select(p => p.ToRecord()), destination);
    }

    /// <summary>
    /// Writes to a stream that only accepts asynchronous writes (an HTTP response): the standard's synchronous writers run
    /// on a worker thread into a pipe whose other end is copied asynchronously, so memory stays bounded by the pipe.
    /// </summary>
    public static async Task WriteAsync(AppDbContext db, PlaceExportFormat format, Stream destination, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(destination);
        var pipe = new Pipe();
        var write = Writer(format);
        var producer = Task.Run(() =>
        {
            try
            {
                using (var stream = pipe.Writer.AsStream())
                {
                    write(Published(db).AsEnumerable().TakeWhile(_ => !ct.IsCancellationRequested).Select(p => p.ToRecord()), stream);
                }
            }
            catch (Exception e)
            {
                pipe.Writer.Complete(e);
            }
        }, CancellationToken.None);

        try
        {
            await pipe.Reader.CopyToAsync(destination, ct);
            await pipe.Reader.CompleteAsync();
        }
        catch (Exception e)
        {
            await pipe.Reader.CompleteAsync(e);
            throw;
        }
        finally
        {
            await producer;
        }
    }

    private static Action<IEnumerable<PlaceRecord>, Stream> Writer(PlaceExportFormat format) => format switch
    {
        PlaceExportFormat.Json => PlaceJsonWriter.Write,
        PlaceExportFormat.GeoJson => PlaceGeoJsonWriter.Write,
        _ => PlaceCsvWriter.Write,
    };
}
