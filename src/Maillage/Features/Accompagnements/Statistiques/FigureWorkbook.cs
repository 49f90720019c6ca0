using MiniExcelLibs;

namespace Maillage.Features.Accompagnements.Statistiques;

/// <summary>The figures as an XLSX workbook: a sheet « Informations » (period, scope), then one sheet per breakdown, French headers.</summary>
public static class FigureWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string InformationSheet = "Informations";

    public static void Write(Stream stream, IReadOnlyList<FigureTable> tables, IReadOnlyList<(string Field, string Value)> information)
    {
        var sheets = new Dictionary<string, object>
        {
            [InformationSheet] = information.Select(i => new Dictionary<string, object> { ["Champ"] = i.Field, ["Valeur"] = i.Value }).ToList(),
        };
        foreach (var table in tables)
        {
            var rows = new List<Dictionary<string, object>>();
            foreach (var row in table.TotalRow is null ? table.Rows : [.. table.Rows, table.TotalRow])
            {
                var line = new Dictionary<string, object> { [table.LabelHeader] = row.Label };
                for (var i = 0; i < table.ValueHeaders.Count; i++)
                {
                    line[table.ValueHeaders[i]] = row.Values[i];
                }

                rows.Add(line);
            }

            sheets[table.SheetName] = rows;
        }

        stream.SaveAs(sheets, excelType: ExcelType.XLSX);
    }
}
