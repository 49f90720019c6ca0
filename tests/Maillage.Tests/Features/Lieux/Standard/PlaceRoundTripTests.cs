using System.Text;
using System.Text.Json;
using Maillage.Features.Lieux.Standard;
using Xunit.Abstractions;

namespace Maillage.Tests.Features.Lieux.Standard;

public class PlaceRoundTripTests(ITestOutputHelper output)
{
    [Fact]
    public void TheStandardsValidExampleReadsWithZeroErrorsAndWritesBackToTheSameRecord()
    {
        if (LieuxReference.File("exemple-valide-v1.csv", output) is not { } path)
        {
            return;
        }

        using var stream = File.OpenRead(path);
        var result = PlaceFileReader.Read(stream, "exemple-valide-v1.csv");

        Assert.Equal(PlaceFileFormat.CsvV1, result.Format);
        Assert.Empty(result.Errors);
        var read = Assert.Single(result.Records);
        Assert.Equal(2, read.Line);
        var place = read.Place;
        Assert.Equal("structure-1", place.Id);
        Assert.Equal(43.52609, place.Latitude);
        Assert.Equal(new DateOnly(2024, 4, 2), place.UpdatedOn);
        Assert.Equal(["TIERS_LIEUX", "ASSO"], place.Typology);
        Assert.Equal(["Dans un atelier collectif", "À distance", "En autonomie", "Accompagnement individuel"], place.SupportModes);
        Assert.Equal(32, SamplePlaces.Texts(place).Count(t => t is not null));

        foreach (var written in new[] { WriteCsv(place), WriteJson(place) })
        {
            var again = PlaceFileReader.Read(new MemoryStream(written.Bytes), written.Name);
            Assert.Empty(again.Errors);
            Assert.Equal(SamplePlaces.Texts(place), SamplePlaces.Texts(Assert.Single(again.Records).Place));
        }
    }

    [Fact]
    public void TheCsvWriterUsesTheSchemaOrderUtf8WithoutBomCommaCrlfAndRfc4180Quoting()
    {
        var (bytes, _) = WriteCsv(SamplePlaces.Record());
        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..]);
        var text = Encoding.UTF8.GetString(bytes);
        var header = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        Assert.Equal(string.Join(',', PlaceFields.Ordered), header);
        Assert.Contains(",\"Rez-de-chaussée, porte \"\"B\"\"\",45.43389,4.39,MUNI|BIB,+33477000000,", text);
        Assert.Contains(",\"Première ligne\nSeconde ligne, avec virgule\nTroisième ligne\",", text);
        Assert.Contains(",2025-03-14,Aide aux démarches administratives|Maîtrise des outils numériques du quotidien,", text);
        Assert.EndsWith("https://www.rdv-solidarites.fr/\r\n", text);
    }

    [Fact]
    public void TheWritersKeepEveryFieldOfARecord()
    {
        var place = SamplePlaces.Record();
        foreach (var written in new[] { WriteCsv(place), WriteJson(place) })
        {
            var again = PlaceFileReader.Read(new MemoryStream(written.Bytes), written.Name);
            Assert.Empty(again.Errors);
            Assert.Equal(SamplePlaces.Texts(place), SamplePlaces.Texts(Assert.Single(again.Records).Place));
        }
    }

    [Fact]
    public void TheJsonWriterUsesV1NamesNumbersForCoordinatesAndNullForEmptyFields()
    {
        var place = SamplePlaces.Record() with { AddressComplement = null, Latitude = 45.5, Longitude = -0.25 };
        using var document = JsonDocument.Parse(WriteJson(place).Bytes);
        var item = Assert.Single(document.RootElement.EnumerateArray().ToList());
        Assert.Equal(PlaceFields.Ordered, item.EnumerateObject().Select(p => p.Name));
        Assert.Equal(45.5, item.GetProperty("latitude").GetDouble());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("complement_adresse").ValueKind);
        Assert.Equal("2025-03-14", item.GetProperty("date_maj").GetString());
        Assert.Equal("Seniors", item.GetProperty("publics_specifiquement_adresses").GetString());
    }

    [Fact]
    public void CoordinatesAreWrittenWithAnInvariantDecimalPointWhateverTheCulture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("fr-FR");
            var text = Encoding.UTF8.GetString(WriteCsv(SamplePlaces.Record() with { Latitude = 45.123456789 }).Bytes);
            Assert.Contains(",45.123456789,4.39,", text);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    private static (byte[] Bytes, string Name) WriteCsv(PlaceRecord place)
    {
        using var stream = new MemoryStream();
        PlaceCsvWriter.Write([place], stream);
        return (stream.ToArray(), "lieux.csv");
    }

    private static (byte[] Bytes, string Name) WriteJson(PlaceRecord place)
    {
        using var stream = new MemoryStream();
        PlaceJsonWriter.Write([place], stream);
        return (stream.ToArray(), "lieux.json");
    }
}
