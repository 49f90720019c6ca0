using System.Text.Encodings.Web;
using System.Text.Json;

namespace Maillage.Features.Lieux.Standard;

/// <summary>
/// Writes places as a JSON array of objects with the v1 field names in the schema's order: every field present,
/// null when empty; coordinates as numbers; other values as the same text as in CSV ('|' between multi-values).
/// UTF-8 without BOM.
/// </summary>
public static class PlaceJsonWriter
{
    public static void Write(IEnumerable<PlaceRecord> places, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(places);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartArray();
        foreach (var place in places)
        {
            writer.WriteStartObject();
            foreach (var field in PlaceFields.Ordered)
            {
                if (field is PlaceFields.Latitude or PlaceFields.Longitude)
                {
                    var number = field == PlaceFields.Latitude ? place.Latitude : place.Longitude;
                    if (number is { } n)
                    {
                        writer.WriteNumber(field, n);
                    }
                    else
                    {
                        writer.WriteNull(field);
                    }

                    continue;
                }

                var text = PlaceFields.GetText(place, field);
                if (text is null)
                {
                    writer.WriteNull(field);
                }
                else
                {
                    writer.WriteString(field, text);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
