using System.Globalization;
using System.Text;
using Maillage.Features.Lieux.Standard;
using MiniExcelLibs;

namespace Maillage.Features.Accompagnements.Echanges;

/// <summary>The lines of a file, values by column (known columns only), with the editor line (CSV) or row number (XLSX) of each.</summary>
public sealed record ActivityFileContent(IReadOnlyList<(int Line, IReadOnlyDictionary<string, string> Values)> Rows, IReadOnlyList<ActivityLineError> Errors);

/// <summary>
/// Reads a file in the « Activités » format: CSV (UTF-8, « ; » or « , », detected) or XLSX (first sheet). Headers are matched
/// tolerantly; a missing required column or an unreadable file is one error on line 0 or 1. Never throws on bad input.
/// </summary>
public static class ActivityFileReader
{
    public static ActivityFileContent Read(Stream stream, string fileName)
    {
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

        if (bytes.Length == 0)
        {
            return Failed("Le fichier est vide.");
        }

        // An XLSX is a zip (« PK »), whatever its name says.
        return bytes is [0x50, 0x4B, ..] ? ReadXlsx(bytes) : ReadCsv(bytes, fileName);
    }

    private static ActivityFileContent Failed(string message) => new([], [new ActivityLineError(0, null, message)]);

    private static ActivityFileContent ReadCsv(byte[] bytes, string fileName)
    {
        if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return Failed("Ce fichier .xlsx n'est pas un classeur Excel valide : enregistrez-le de nouveau depuis votre tableur.");
        }

        string text;
        try
        {
            var offset = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
            text = new UTF8Encoding(false, true).GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            return Failed("Le fichier n'est pas encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 » puis réessayez.");
        }

        var delimiter = CsvText.DetectDelimiter(text);
        var (rows, unclosed) = CsvText.Parse(text, delimiter);
        if (rows.Count == 0)
        {
            return Failed("Le fichier ne contient aucune ligne d'en-tête.");
        }

        var table = rows.Select(r => (r.Line, (IReadOnlyList<string>)r.Fields)).ToList();
        var errors = new List<ActivityLineError>();
        var result = Build(table, errors, delimiter);
        if (unclosed is { } line)
        {
            errors.Add(new ActivityLineError(line, null, "Un guillemet ouvert sur cette ligne n'est jamais fermé : la suite du fichier n'a pas pu être lue."));
        }

        return result;
    }

    private static ActivityFileContent ReadXlsx(byte[] bytes)
    {
        var table = new List<(int Line, IReadOnlyList<string> Values)>();
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var line = 0;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                line++;
                var values = row.Values.Select(Cell).ToList();
                if (values.Any(v => v.Length > 0))
                {
                    table.Add((line, values));
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or System.Xml.XmlException or NotSupportedException or FormatException)
        {
            return Failed("Le classeur Excel n'a pas pu être lu : enregistrez-le de nouveau au format .xlsx (ou exportez-le en CSV UTF-8).");
        }

        if (table.Count == 0)
        {
            return Failed("Le classeur ne contient aucune ligne d'en-tête.");
        }

        return Build(table, [], null);
    }

    /// <summary>A cell as text: dates as dd/MM/yyyy, whole numbers without decimals.</summary>
    private static string Cell(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString(ActivityExchangeFormat.DateFormat, CultureInfo.InvariantCulture),
        DateOnly d => d.ToString(ActivityExchangeFormat.DateFormat, CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        decimal n => n.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static ActivityFileContent Build(List<(int Line, IReadOnlyList<string> Values)> table, List<ActivityLineError> errors, char? delimiter)
    {
        var (headerLine, header) = table[0];
        var columns = header.Select(h => ActivityExchangeFormat.Column(h.Trim().Trim('\uFEFF'))).ToList();
        var missing = ActivityExchangeFormat.Required.Where(r => !columns.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            var found = string.Join(", ", header.Where(h => h.Length > 0).Take(6));
            var separator = delimiter is { } d ? $" (séparateur « {d} »)" : "";
            return new([], [new ActivityLineError(headerLine, null,
                $"Colonnes obligatoires absentes de la ligne d'en-tête : {string.Join(", ", missing)}. Colonnes trouvées : {found}{(header.Count > 6 ? "…" : "")}{separator}. "
                + "Le fichier doit suivre le format de l'export « Activités » (modèle : un export depuis cette page).")]);
        }

        var rows = new List<(int, IReadOnlyDictionary<string, string>)>();
        foreach (var (line, values) in table.Skip(1))
        {
            if (delimiter is { } sep && values.Count != header.Count)
            {
                errors.Add(new ActivityLineError(line, null, $"La ligne comporte {values.Count} colonnes au lieu de {header.Count} (séparateur « {sep} »)."));
                continue;
            }

            var byColumn = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Count && i < values.Count; i++)
            {
                if (columns[i] is { } column)
                {
                    byColumn.TryAdd(column, values[i]);
                }
            }

            rows.Add((line, byColumn));
        }

        return new(rows, errors);
    }
}
