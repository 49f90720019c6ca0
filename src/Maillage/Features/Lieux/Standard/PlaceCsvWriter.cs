using System.Text;

namespace Maillage.Features.Lieux.Standard;

/// <summary>
/// Writes places as CSV v1.0.1: the 32 columns in the schema's order, UTF-8 without BOM, ',' delimiter,
/// RFC 4180 quoting and CRLF line ends, '|' between multi-values, dates yyyy-MM-dd, invariant decimal point.
/// </summary>
public static class PlaceCsvWriter
{
    public static void Write(IEnumerable<PlaceRecord> places, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(places);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(string.Join(',', PlaceFields.Ordered));
        foreach (var place in places)
        {
            writer.WriteLine(string.Join(',', PlaceFields.Ordered.Select(f => CsvText.Quote(PlaceFields.GetText(place, f)))));
        }
    }
}
