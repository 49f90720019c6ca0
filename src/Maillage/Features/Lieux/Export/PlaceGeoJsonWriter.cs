using System.Text.Encodings.Web;
using System.Text.Json;
using Maillage.Features.Lieux.Standard;

namespace Maillage.Features.Lieux.Export;

/// <summary>
/// Writes places as a GeoJSON FeatureCollection (RFC 7946): one Point per place with coordinates [longitude, latitude]
/// and the 32 v1 fields as properties, valued as in <see cref="PlaceJsonWriter"/>. Places without coordinates are omitted.
/// </summary>
public static class PlaceGeoJsonWriter
{
    public static void Write(IEnumerable<PlaceRecord> places, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(places);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteStartArray("features");
        foreach (var place in places)
        {
            if (place is not { Latitude: { } lat, Longitude: { } lon })
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("type", "Feature");
            writer.WriteString("id", place.Id);
            writer.WriteStartObject("geometry");
            writer.WriteString("type", "Point");
            writer.WriteStartArray("coordinates");
            writer.WriteNumberValue(lon);
            writer.WriteNumberValue(lat);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartObject("properties");
            foreach (var field in PlaceFields.Ordered)
            {
                if (field == PlaceFields.Latitude)
                {
                    writer.WriteNumber(field, lat);
                }
                else if (field == PlaceFields.Longitude)
                {
                    writer.WriteNumber(field, lon);
                }
                else if (PlaceFields.GetText(place, field) is { } text)
                {
                    writer.WriteString(field, text);
                }
                else
                {
                    writer.WriteNull(field);
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            if (writer.BytesPending > 16 * 1024)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
