using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Maillage.Features.Lieux.Standard;
using Xunit.Abstractions;

namespace Maillage.Tests.Features.Lieux.Standard;

/// <summary>
/// The real regional dataset (Hinaura, Auvergne-Rhône-Alpes, 2023, legacy v0.1 JSON, 687 places), read in place:
/// converted to v1, validated, exported as CSV v1.0.1 and the export checked against schema-v1.0.1.json.
/// </summary>
public class HinauraDatasetTests(ITestOutputHelper output)
{
    private const int Total = 687;
    private const int Accepted = 686;

    /// <summary>
    /// Every rejected record: (1-based position in the JSON array, field, value). Each is a defect of the data:
    /// position 248 (id 433) gives « chambéry@accorderie.fr », an address with an accented letter that a browser's
    /// e-mail field and most mail servers refuse (almost certainly a typo for chambery@).
    /// </summary>
    private static readonly (int Position, string Field, string Value)[] Rejected =
    [
        (248, "courriels", "chambéry@accorderie.fr"),
    ];

    [Fact]
    public void TheRegionalDatasetIsReadAsLegacyJsonWithTheExpectedRecordsAcceptedAndRejected()
    {
        if (Read() is not { } result)
        {
            return;
        }

        Assert.Equal(PlaceFileFormat.JsonLegacy, result.Format);
        Assert.Equal(Accepted, result.Records.Count);
        Assert.Equal(Rejected, result.Errors.Select(e => (e.Line, e.Field!, e.Value!)));
        Assert.Equal(
            "« chambéry@accorderie.fr » n'est pas une adresse de courriel valide (exemple : contact@exemple.fr).",
            Assert.Single(result.Errors).Message);
        Assert.Equal(Total, result.Records.Count + result.RejectedLines.Count);
        Assert.DoesNotContain(result.Records, r => Rejected.Any(x => x.Position == r.Line));
    }

    [Fact]
    public void TheRegionalDatasetIsConvertedWithTheLegacyMappings()
    {
        if (Read() is not { } result)
        {
            return;
        }

        // Position 1 (id "0"): the Maison de services au public d'Abondance.
        var abondance = result.Records.Single(r => r.Line == 1).Place;
        Assert.Equal("0", abondance.Id);
        Assert.Equal(["Accès internet et matériel informatique", "Aide aux démarches administratives"], abondance.Services);
        Assert.Empty(abondance.SpecificPublics); // "Adultes" is listed: all publics are welcome.
        Assert.Equal(["Surdité", "Handicaps mentaux", "Illettrisme", "Déficience visuelle"], abondance.SpecificSupport);
        Assert.Equal(["Gratuit"], abondance.Fees);
        Assert.Equal(["Accompagnement individuel"], abondance.SupportModes);
        Assert.Equal(new DateOnly(2021, 5, 5), abondance.UpdatedOn);
        Assert.Equal(46.27947045, abondance.Latitude);

        // Every place of the dataset has at least one v1 service and a date.
        Assert.All(result.Records, r => Assert.NotEmpty(r.Place.Services));
        Assert.Equal(81, result.Records.Count(r => r.Place.PostalCode.StartsWith("42", StringComparison.Ordinal)));
    }

    [Fact]
    public void TheAcceptedRecordsExportedAsCsvV101ValidateAgainstTheSchemaLineByLine()
    {
        if (Read() is not { } result || LieuxReference.File("schema-v1.0.1.json", output) is not { } schemaPath)
        {
            return;
        }

        var schema = LieuxReference.Schema(schemaPath);
        using var csv = new MemoryStream();
        PlaceCsvWriter.Write(result.Records.Select(r => r.Place), csv);
        var bytes = csv.ToArray();
        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], "The export must be UTF-8 without BOM.");

        var problems = SchemaChecker.Check(Encoding.UTF8.GetString(bytes), schema);
        Assert.Empty(problems);

        // And the export reads back as v1 with the same records, line 2 onwards.
        var again = PlaceFileReader.Read(new MemoryStream(bytes), "export.csv");
        Assert.Equal(PlaceFileFormat.CsvV1, again.Format);
        Assert.Empty(again.Errors);
        Assert.Equal(result.Records.Select(r => SamplePlaces.Texts(r.Place)), again.Records.Select(r => SamplePlaces.Texts(r.Place)));
    }

    private PlaceReadResult? Read()
    {
        if (LieuxReference.File("hinaura-2023-v0.1.json", output) is not { } path)
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        return PlaceFileReader.Read(stream, Path.GetFileName(path));
    }
}

/// <summary>
/// An independent check of a CSV against a TableSchema's constraints as read from the JSON file:
/// field list and order, required, pattern (full match), maxLength, number and date types.
/// </summary>
internal static class SchemaChecker
{
    public static List<string> Check(string csv, IReadOnlyList<SchemaField> schema)
    {
        var problems = new List<string>();
        var lines = Records(csv);
        Assert.Equal(schema.Select(f => f.Name), lines[0]);
        var patterns = schema.ToDictionary(f => f.Name, f => f.Pattern is null ? null : new Regex("^(?:" + f.Pattern + ")$"));
        for (var n = 1; n < lines.Count; n++)
        {
            var cells = lines[n];
            if (cells.Count != schema.Count)
            {
                problems.Add($"record {n}: {cells.Count} cells");
                continue;
            }

            for (var i = 0; i < schema.Count; i++)
            {
                var field = schema[i];
                var cell = cells[i];
                if (cell.Length == 0)
                {
                    if (field.Required)
                    {
                        problems.Add($"record {n}: {field.Name} required");
                    }

                    continue;
                }

                if (patterns[field.Name] is { } regex && !regex.IsMatch(cell))
                {
                    problems.Add($"record {n}: {field.Name} '{cell}' does not match {field.Pattern}");
                }

                if (field.MaxLength is { } max && cell.Length > max)
                {
                    problems.Add($"record {n}: {field.Name} longer than {max}");
                }

                if (field.Type == "number" && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add($"record {n}: {field.Name} '{cell}' is not a number");
                }

                if (field.Type == "date" && !DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    problems.Add($"record {n}: {field.Name} '{cell}' is not a date");
                }
            }
        }

        return problems;
    }

    /// <summary>A plain RFC 4180 split (',' and CRLF), written apart from the library's reader on purpose.</summary>
    private static List<List<string>> Records(string csv)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                record.Add(cell.ToString());
                cell.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                Assert.NotEqual('\n', c);
                cell.Append(c);
            }
        }

        Assert.False(quoted);
        Assert.Equal(0, cell.Length + record.Count);
        return records;
    }
}
