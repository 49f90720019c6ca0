using System.Text;

namespace Maillage.Features.Lieux.Standard;

/// <summary>One CSV record and the line (1-based, as an editor shows it) where it starts.</summary>
internal sealed record CsvRow(int Line, IReadOnlyList<string> Fields);

/// <summary>A small RFC 4180 reader and writer that keeps the editor line number of each record.</summary>
internal static class CsvText
{
    /// <summary>The delimiter that occurs most often outside quotes on the first line (',' when none).</summary>
    public static char DetectDelimiter(string text)
    {
        int comma = 0, semicolon = 0, tab = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted)
            {
                switch (c)
                {
                    case ',': comma++; break;
                    case ';': semicolon++; break;
                    case '\t': tab++; break;
                }
            }
        }

        return semicolon > comma && semicolon >= tab ? ';' : tab > comma ? '\t' : ',';
    }

    /// <summary>
    /// Splits the text into records. Line breaks are LF, CRLF or CR; a quoted field may span lines.
    /// Blank lines are skipped. An unclosed quote ends the reading with the line where its field starts.
    /// </summary>
    public static (List<CsvRow> Rows, int? UnclosedQuoteLine) Parse(string text, char delimiter)
    {
        var rows = new List<CsvRow>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var fieldLine = 1;
        var inQuotes = false;
        var rowHasContent = false;
        var i = 0;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
        }

        void EndRow()
        {
            EndField();
            if (rowHasContent || fields.Count > 1)
            {
                rows.Add(new CsvRow(rowLine, [.. fields]));
            }

            fields.Clear();
            rowHasContent = false;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    inQuotes = false;
                    i++;
                    continue;
                }

                if (c == '\r' || c == '\n')
                {
                    var crlf = c == '\r' && i + 1 < text.Length && text[i + 1] == '\n';
                    field.Append(crlf ? "\r\n" : c.ToString());
                    line++;
                    i += crlf ? 2 : 1;
                    continue;
                }

                field.Append(c);
                i++;
                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                inQuotes = true;
                rowHasContent = true;
                fieldLine = line;
                i++;
            }
            else if (c == delimiter)
            {
                EndField();
                i++;
            }
            else if (c == '\r' || c == '\n')
            {
                EndRow();
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
                rowLine = line;
            }
            else
            {
                if (!char.IsWhiteSpace(c))
                {
                    rowHasContent = true;
                }

                field.Append(c);
                i++;
            }
        }

        if (inQuotes)
        {
            return (rows, fieldLine);
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            EndRow();
        }

        return (rows, null);
    }

    /// <summary>RFC 4180 quoting: quoted when the value holds the delimiter, a quote, a line break or edge spaces.</summary>
    public static string Quote(string? value, char delimiter = ',')
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var needsQuotes = value.Contains(delimiter) || value.Contains('"') || value.Contains('\n') || value.Contains('\r')
            || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]);
        return needsQuotes ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
