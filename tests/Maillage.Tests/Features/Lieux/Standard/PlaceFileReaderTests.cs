using System.Text;
using Maillage.Features.Lieux.Standard;

namespace Maillage.Tests.Features.Lieux.Standard;

public class PlaceFileReaderTests
{
    [Theory]
    [InlineData(',', false, "\r\n")]
    [InlineData(';', true, "\r\n")]
    [InlineData(';', false, "\n")]
    [InlineData(',', true, "\r")]
    public void ACsvV1IsReadWhateverItsDelimiterBomAndLineEnds(char delimiter, bool bom, string newLine)
    {
        var csv = SamplePlaces.Csv([SamplePlaces.Values("a"), SamplePlaces.Values("b")], delimiter, newLine);
        var result = SamplePlaces.Read(csv, bom: bom);

        Assert.Equal(PlaceFileFormat.CsvV1, result.Format);
        Assert.Empty(result.Errors);
        Assert.Equal([(2, "a"), (5, "b")], result.Records.Select(r => (r.Line, r.Place.Id)));
        Assert.Equal(SamplePlaces.Texts(SamplePlaces.Record("b")), SamplePlaces.Texts(result.Records[1].Place));
    }

    [Fact]
    public void BlankLinesAreSkippedAndStillCounted()
    {
        var csv = SamplePlaces.Csv([SamplePlaces.Values("a")]) + "\r\n\r\n" + SamplePlaces.Csv([SamplePlaces.Values("b")]).Split("\r\n", 2)[1];
        var result = SamplePlaces.Read(csv);
        Assert.Empty(result.Errors);
        Assert.Equal([2, 7], result.Records.Select(r => r.Line));
    }

    [Fact]
    public void LabelsAndLooseSpellingsAreNormalizedToCodesAndADecimalCommaIsAccepted()
    {
        var values = SamplePlaces.Values();
        values["modalites_accompagnement"] = " À distance (par téléphone ou en visioconférence) | accompagnement individuel |";
        values["latitude"] = "45,43389";
        values["date_maj"] = "14/03/2025";
        var result = SamplePlaces.Read(SamplePlaces.Csv([values], ';'));

        var place = Assert.Single(result.Records).Place;
        Assert.Equal(["À distance", "Accompagnement individuel"], place.SupportModes);
        Assert.Equal(45.43389, place.Latitude);
        Assert.Equal(new DateOnly(2025, 3, 14), place.UpdatedOn);
    }

    [Fact]
    public void ARowWithTheWrongNumberOfColumnsIsRejected()
    {
        var csv = SamplePlaces.Csv([SamplePlaces.Values("a")]) + "b,1,2\r\n";
        var result = SamplePlaces.Read(csv);
        Assert.Single(result.Records);
        var error = Assert.Single(result.Errors);
        Assert.Equal(new LineError(5, null, null, "La ligne comporte 3 colonnes au lieu de 32 (séparateur « , ») : elle est ignorée."), error);
        Assert.Equal([5], result.RejectedLines);
    }

    [Fact]
    public void AnUnclosedQuoteStopsTheReadingWithTheLineWhereItOpens()
    {
        var csv = SamplePlaces.Csv([SamplePlaces.Values("a")]) + "b,\"oops\r\nrest of file\r\n";
        var result = SamplePlaces.Read(csv);
        Assert.Single(result.Records);
        Assert.Equal(
            new LineError(5, null, null, "Un guillemet ouvert sur cette ligne n'est jamais fermé : la suite du fichier n'a pas pu être lue."),
            Assert.Single(result.Errors));
    }

    [Fact]
    public void ADuplicateIdentifierIsRejectedWithTheLineOfTheFirst()
    {
        var result = SamplePlaces.Read(SamplePlaces.Csv([SamplePlaces.Values("a"), SamplePlaces.Values("a")]));
        Assert.Single(result.Records);
        var error = Assert.Single(result.Errors);
        Assert.Equal((5, "id"), (error.Line, error.Field));
        Assert.Equal("L'identifiant « a » est déjà utilisé ligne 2 : chaque lieu doit avoir un identifiant unique.", error.Message);
    }

    [Fact]
    public void MissingRequiredColumnsGiveOneClearError()
    {
        var result = SamplePlaces.Read("id;nom;commune\r\n1;Lieu;Roanne\r\n");
        Assert.Empty(result.Records);
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.StartsWith("Colonnes obligatoires absentes de la ligne d'en-tête : pivot, code_postal, adresse, date_maj.", error.Message);
    }

    [Fact]
    public void AnUnknownColumnIsReportedOnTheHeaderAndIgnored()
    {
        var csv = SamplePlaces.Csv([SamplePlaces.Values()]).Replace("prise_rdv\r\n", "prise_rdv,remarque\r\n").Replace("rdv-solidarites.fr/\r\n", "rdv-solidarites.fr/,x\r\n");
        var result = SamplePlaces.Read(csv);
        Assert.Single(result.Records);
        Assert.Equal(new LineError(1, "remarque", null, "La colonne « remarque » n'appartient pas au standard : elle est ignorée."), Assert.Single(result.Errors));
        Assert.Empty(result.RejectedLines);
    }

    [Theory]
    [InlineData(new byte[0], "Le fichier est vide.")]
    [InlineData(new byte[] { 0x69, 0x64, 0x2C, 0xE9, 0x74, 0xE9 }, "Le fichier n'est pas encodé en UTF-8. Enregistrez-le au format « CSV UTF-8 » (ou JSON UTF-8) puis réessayez.")]
    [InlineData(new byte[] { 0x5B, 0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A }, "Le fichier JSON est mal formé (ligne 1 du fichier) : vérifiez les guillemets, virgules et crochets.")]
    [InlineData(new byte[] { 0x7B, 0x7D }, "Le fichier JSON doit contenir une liste de lieux entre crochets : [ { … }, { … } ].")]
    public void AnUnreadableFileGivesOneClearErrorAndNoException(byte[] bytes, string message)
    {
        var result = PlaceFileReader.Read(new MemoryStream(bytes), "lieux.csv");
        Assert.Equal(PlaceFileFormat.Unknown, result.Format);
        Assert.Empty(result.Records);
        Assert.Equal(new LineError(0, null, null, message), Assert.Single(result.Errors));
    }

    [Fact]
    public void AJsonFileThatIsNotJsonIsRefused()
    {
        var result = PlaceFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes("id,nom\r\n")), "lieux.json");
        Assert.Equal("Le fichier .json ne contient pas de JSON : il doit commencer par « [ ».", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void AJsonV1FileAcceptsStringsNumbersAndArraysAndNumbersErrorsByPosition()
    {
        const string json = """
            [
              { "id": "a", "pivot": "21420218600016", "nom": "Lieu A", "commune": "Roanne", "code_postal": "42300",
                "adresse": "1 rue A", "latitude": 46.03, "longitude": "4.07", "date_maj": "2025-01-02",
                "services": ["Aide aux démarches administratives", "Loisirs et créations numériques"], "frais_a_charge": "Gratuit" },
              "not a place",
              { "id": "c", "pivot": "21420218600016", "nom": "Lieu C", "commune": "Roanne", "code_postal": "423",
                "adresse": "1 rue C", "date_maj": "2025-01-02" }
            ]
            """;
        var result = PlaceFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "lieux.json");

        Assert.Equal(PlaceFileFormat.JsonV1, result.Format);
        var a = Assert.Single(result.Records);
        Assert.Equal(1, a.Line);
        Assert.Equal(["Aide aux démarches administratives", "Loisirs et créations numériques"], a.Place.Services);
        Assert.Equal(4.07, a.Place.Longitude);
        Assert.Equal(
            [(2, (string?)null), (3, "code_postal")],
            result.Errors.Select(e => (e.Line, e.Field)));
        Assert.Equal([2, 3], result.RejectedLines);
    }

    [Fact]
    public void TheReaderNeverThrowsOnGarbage()
    {
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            var result = PlaceFileReader.Read(new MemoryStream(bytes), i % 2 == 0 ? "x.csv" : "x.json");
            Assert.NotEmpty(result.Errors);
        }

        foreach (var text in new[] { "\"", "[", "[1,2]", "[{}]", "id\r\n\"", ",,,\r\n,,,", "[{\"id\": {\"x\": 1}}]" })
        {
            var result = SamplePlaces.Read(text, text.StartsWith('[') ? "x.json" : "x.csv");
            Assert.Empty(result.Records);
            Assert.NotEmpty(result.Errors);
        }
    }
}
