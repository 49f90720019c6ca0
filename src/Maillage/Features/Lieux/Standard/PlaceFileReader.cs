using System.Text;
using System.Text.Json;

namespace Maillage.Features.Lieux.Standard;

public enum PlaceFileFormat
{
    /// <summary>The file could not be read.</summary>
    Unknown,
    CsvV1,
    JsonV1,
    CsvLegacy,
    JsonLegacy,
}

/// <summary>
/// A problem on one line of the source file. Line is the editor line for CSV (header = 1), the 1-based position
/// of the record for JSON, and 0 when the whole file is concerned. Field is null when no single field is at fault.
/// </summary>
public sealed record LineError(int Line, string? Field, string? Value, string Message);

/// <summary>A valid place and the line (CSV) or position (JSON) it was read from.</summary>
public sealed record ReadPlace(int Line, PlaceRecord Place);

/// <param name="RejectedLines">Lines (CSV) or positions (JSON) of the records that were not accepted, in order.</param>
public sealed record PlaceReadResult(
    PlaceFileFormat Format, IReadOnlyList<ReadPlace> Records, IReadOnlyList<LineError> Errors, IReadOnlyList<int> RejectedLines);

/// <summary>
/// Reads a file of places in any of the standard's formats, detected from its content: CSV v1 ('|' multi-values,
/// ',' or ';' delimiter), JSON v1 (array of objects), legacy v0.1 CSV or JSON (old field names, ';' multi-values,
/// converted by <see cref="LegacyPlaceConverter"/>). Valid records are returned; every problem becomes a French
/// <see cref="LineError"/>. Never throws on bad input.
/// </summary>
public static class PlaceFileReader
{
    private static readonly HashSet<string> V1OnlyFields = new(StringComparer.Ordinal)
    {
        PlaceFields.Emails, PlaceFields.Itinerance, PlaceFields.SpecificPublics, PlaceFields.SpecificSupport, PlaceFields.Fees,
        PlaceFields.NationalPrograms, PlaceFields.TrainingsAndLabels, PlaceFields.OtherTrainingsAndLabels, PlaceFields.AccessModes,
        PlaceFields.AccessibilityUrl,
    };

    public static PlaceReadResult Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        catch (IOException)
        {
            return Failed("Le fichier n'a pas pu être lu.");
        }

        var text = Decode(bytes);
        if (text is null)
        {
            return Failed("Le fichier n'est pas encodé en UTF-8. Enregistrez-le au format « CSV UTF-8 » (ou JSON UTF-8) puis réessayez.");
        }

        var start = text.AsSpan().TrimStart();
        if (start.IsEmpty)
        {
            return Failed("Le fichier est vide.");
        }

        var isJson = start[0] is '[' or '{';
        if (!isJson && fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return Failed("Le fichier .json ne contient pas de JSON : il doit commencer par « [ ».");
        }

        return isJson ? ReadJson(text) : ReadCsv(text);
    }

    private static PlaceReadResult Failed(string message) => new(PlaceFileFormat.Unknown, [], [new LineError(0, null, null, message)], []);

    private static string? Decode(byte[] bytes)
    {
        try
        {
            if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
            {
                return new UnicodeEncoding(bytes[0] == 0xFE, true, true).GetString(bytes, 2, bytes.Length - 2);
            }

            var offset = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
            return new UTF8Encoding(false, true).GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool IsLegacy(IReadOnlyCollection<string> names) =>
        names.Any(LegacyPlaceConverter.LegacyOnlyFields.Contains) && !names.Any(V1OnlyFields.Contains);

    private static PlaceReadResult ReadCsv(string text)
    {
        var delimiter = CsvText.DetectDelimiter(text);
        var (rows, unclosedQuoteLine) = CsvText.Parse(text, delimiter);
        var errors = new List<LineError>();
        if (rows.Count == 0)
        {
            return Failed("Le fichier ne contient aucune ligne d'en-tête.");
        }

        var header = rows[0];
        var names = header.Fields.Select(n => n.Trim().Trim('\uFEFF').ToLowerInvariant()).ToList();
        var legacy = IsLegacy(names);
        var format = legacy ? PlaceFileFormat.CsvLegacy : PlaceFileFormat.CsvV1;

        var missing = PlaceFields.All.Where(f => f.Required && !names.Contains(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            var found = string.Join(", ", names.Where(n => n.Length > 0).Take(6));
            return new PlaceReadResult(format, [], [new LineError(header.Line, null, null,
                $"Colonnes obligatoires absentes de la ligne d'en-tête : {string.Join(", ", missing)}. "
                + $"Colonnes trouvées : {found}{(names.Count > 6 ? "…" : "")} (séparateur « {delimiter} »). "
                + "Vérifiez que le fichier suit le standard des lieux de médiation numérique.")], []);
        }

        var known = legacy ? LegacyPlaceConverter.LegacyFields : PlaceFields.ByName.Keys.ToHashSet();
        foreach (var unknown in names.Where(n => n.Length > 0 && !known.Contains(n)).Distinct())
        {
            errors.Add(new LineError(header.Line, unknown, null, $"La colonne « {unknown} » n'appartient pas au standard : elle est ignorée."));
        }

        foreach (var duplicate in names.Where(n => n.Length > 0).GroupBy(n => n).Where(g => g.Count() > 1))
        {
            errors.Add(new LineError(header.Line, duplicate.Key, null,
                $"La colonne « {duplicate.Key} » apparaît plusieurs fois : seule la première est lue."));
        }

        var collector = new Collector(errors, legacy, json: false);
        foreach (var row in rows.Skip(1))
        {
            if (row.Fields.Count != names.Count)
            {
                errors.Add(new LineError(row.Line, null, null,
                    $"La ligne comporte {row.Fields.Count} colonnes au lieu de {names.Count} (séparateur « {delimiter} ») : elle est ignorée."));
                collector.Rejected.Add(row.Line);
                continue;
            }

            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < names.Count; i++)
            {
                values.TryAdd(names[i], row.Fields[i]);
            }

            collector.Add(row.Line, values);
        }

        if (unclosedQuoteLine is { } quoteLine)
        {
            errors.Add(new LineError(quoteLine, null, null,
                "Un guillemet ouvert sur cette ligne n'est jamais fermé : la suite du fichier n'a pas pu être lue."));
            collector.Rejected.Add(quoteLine);
        }

        return new PlaceReadResult(format, collector.Records, errors, collector.Rejected);
    }

    private static PlaceReadResult ReadJson(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } l ? $" (ligne {l + 1} du fichier)" : "";
            return Failed($"Le fichier JSON est mal formé{where} : vérifiez les guillemets, virgules et crochets.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return Failed("Le fichier JSON doit contenir une liste de lieux entre crochets : [ { … }, { … } ].");
            }

            var items = document.RootElement.EnumerateArray().ToList();
            var names = items.Where(i => i.ValueKind == JsonValueKind.Object)
                .SelectMany(i => i.EnumerateObject().Select(p => p.Name.Trim().ToLowerInvariant()))
                .ToHashSet(StringComparer.Ordinal);
            var legacy = IsLegacy(names);
            var errors = new List<LineError>();
            var known = legacy ? LegacyPlaceConverter.LegacyFields : PlaceFields.ByName.Keys.ToHashSet();
            foreach (var unknown in names.Where(n => !known.Contains(n)).Order(StringComparer.Ordinal))
            {
                errors.Add(new LineError(0, unknown, null, $"Le champ « {unknown} » n'appartient pas au standard : il est ignoré."));
            }

            var collector = new Collector(errors, legacy, json: true);
            for (var position = 1; position <= items.Count; position++)
            {
                var item = items[position - 1];
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new LineError(position, null, null, "Cet élément n'est pas un lieu (objet JSON attendu) : il est ignoré."));
                    collector.Rejected.Add(position);
                    continue;
                }

                var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var property in item.EnumerateObject())
                {
                    values.TryAdd(property.Name.Trim().ToLowerInvariant(), JsonText(property.Value, legacy));
                }

                collector.Add(position, values);
            }

            return new PlaceReadResult(legacy ? PlaceFileFormat.JsonLegacy : PlaceFileFormat.JsonV1, collector.Records, errors, collector.Rejected);
        }
    }

    private static string? JsonText(JsonElement value, bool legacy) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => string.Join(legacy ? LegacyPlaceConverter.LegacySeparator : PlaceFields.Separator,
            value.EnumerateArray().Select(v => JsonText(v, legacy)).Where(v => !string.IsNullOrWhiteSpace(v))),
        _ => null,
    };

    /// <summary>Turns text values into validated records, checking that ids are unique in the file.</summary>
    private sealed class Collector(List<LineError> errors, bool legacy, bool json)
    {
        private readonly Dictionary<string, int> idLines = new(StringComparer.Ordinal);

        public List<ReadPlace> Records { get; } = [];

        public List<int> Rejected { get; } = [];

        public void Add(int line, Dictionary<string, string?> values)
        {
            var fieldErrors = new List<FieldError>();
            var v1 = legacy ? LegacyPlaceConverter.ToV1(values, fieldErrors) : values;
            var place = PlaceFields.Parse(v1, fieldErrors);
            var typed = fieldErrors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
            fieldErrors.AddRange(PlaceValidator.Validate(place).Where(e => !typed.Contains(e.Field)));

            if (place.Id.Length > 0)
            {
                if (idLines.TryGetValue(place.Id, out var first))
                {
                    fieldErrors.Add(new FieldError(PlaceFields.Id, place.Id,
                        $"L'identifiant « {place.Id} » est déjà utilisé {Where(first)} : chaque lieu doit avoir un identifiant unique."));
                }
                else
                {
                    idLines[place.Id] = line;
                }
            }

            if (fieldErrors.Count == 0)
            {
                Records.Add(new ReadPlace(line, place));
                return;
            }

            Rejected.Add(line);
            errors.AddRange(fieldErrors.Select(e => new LineError(line, e.Field, e.Value, e.Message)));
        }

        private string Where(int line) => json ? $"par le lieu n° {line}" : $"ligne {line}";
    }
}
