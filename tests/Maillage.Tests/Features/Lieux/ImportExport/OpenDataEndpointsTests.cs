using System.Text;
using System.Text.Json;
using Maillage.Features.Lieux.Import;
using Maillage.Features.Lieux.Standard;
using Maillage.Tests.Features.Lieux.Standard;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Maillage.Tests.Features.Lieux.ImportExport;

/// <summary>The public open-data files: anonymous, published places only, in the standard's formats and GeoJSON.</summary>
[Trait("Category", "Database")]
public sealed class OpenDataEndpointsTests : IClassFixture<MaillageFactory>, IAsyncLifetime
{
    private readonly MaillageFactory _factory;
    private readonly ITestOutputHelper _output;

    public OpenDataEndpointsTests(MaillageFactory factory, ITestOutputHelper output) => (_factory, _output) = (factory, output);

    /// <summary>Three places, the second unpublished, the third without coordinates.</summary>
    public async Task InitializeAsync()
    {
        if (await _factory.WithDbAsync(db => db.Places.AnyAsync()))
        {
            return;
        }

        var csv = ImportExportHelpers.Csv(3, (i, v) =>
        {
            if (i == 3)
            {
                (v["latitude"], v["longitude"]) = (null, null);
            }
        }, prefix: "ouvert");
        var report = await _factory.ImportCsvAsync(csv, new PlaceImportOptions { Source = "open-data" });
        Assert.Equal(3, report.Created);
        await _factory.WithDbAsync(db => db.Places.Where(p => p.SourceId == "ouvert-2").ExecuteUpdateAsync(s => s.SetProperty(p => p.IsPublished, false)));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheCsvFileIsAnAttachmentWithTheHeaderInTheV101OrderAndOnlyPublishedPlaces()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/open-data/lieux.csv");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("lieux.csv", response.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        var header = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        var expected = LieuxReference.File("schema-v1.0.1.json", _output) is { } schema
            ? LieuxReference.Schema(schema).Select(f => f.Name)
            : PlaceFields.Ordered;
        Assert.Equal(string.Join(',', expected), header);
        var read = SamplePlaces.Read(text);
        Assert.Empty(read.Errors);
        Assert.Equal(["ouvert-1", "ouvert-3"], read.Records.Select(r => r.Place.Id));
    }

    [Fact]
    public async Task TheJsonFileHoldsThePublishedPlacesWithTheV1FieldNames()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/open-data/lieux.json");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        var places = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["ouvert-1", "ouvert-3"], places.Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(PlaceFields.Ordered, places[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task TheGeoJsonFileHasOnePointPerPublishedPlaceWithCoordinates()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/open-data/lieux.geojson");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        Assert.Equal("FeatureCollection", json.RootElement.GetProperty("type").GetString());
        var feature = Assert.Single(json.RootElement.GetProperty("features").EnumerateArray());
        Assert.Equal("Point", feature.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal([4.39, 45.43389], feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal("ouvert-1", feature.GetProperty("properties").GetProperty("id").GetString());
        Assert.Equal("Espace numérique n° 1", feature.GetProperty("properties").GetProperty("nom").GetString());
    }

    [Fact]
    public async Task TheOpenDataFilesAreListedInTheOpenApiDocument()
    {
        using var client = _factory.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/open-data/lieux.csv", document);
        Assert.Contains("/open-data/lieux.geojson", document);
        Assert.Contains("Open data", document);
    }
}
