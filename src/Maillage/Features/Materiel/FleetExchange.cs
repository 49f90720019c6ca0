using System.Globalization;
using System.Text;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Lieux.Standard;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Maillage.Features.Materiel;

/// <summary>One problem of an import, on a line of the file (1 is the header) and a column when known.</summary>
public sealed record FleetLineError(int Line, string? Column, string Message);

public sealed record FleetImportResult(int Imported, IReadOnlyList<FleetLineError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// The fleet as a file: export of a list (CSV « ; » UTF-8 with BOM, or XLSX) and import of new items from a CSV in the same
/// columns. An import is all or nothing: every line is checked (the same rules as the form, plus duplicates within the file),
/// the report names each line at fault, and nothing is saved unless every line is right.
/// </summary>
public sealed class FleetExchange(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const char Delimiter = ';';
    public const int MaxImportLines = 5000;

    public const string Tag = "Étiquette";
    public const string Category = "Catégorie";
    public const string Model = "Modèle";
    public const string Serial = "Numéro de série";
    public const string Condition = "État";
    public const string Status = "Statut";
    public const string Owner = "Structure";
    public const string Place = "Lieu d'attache";
    public const string Purchased = "Date d'achat";
    public const string Cost = "Coût";
    public const string Funding = "Financement";
    public const string Accessories = "Accessoires";
    public const string Notes = "Notes";
    public const string Kit = "Kit";

    public static readonly string[] ExportHeaders = [Tag, Category, Model, Serial, Condition, Status, Owner, Place, Purchased, Cost, Funding, Accessories, Notes, Kit];
    public static readonly string[] ImportHeaders = [Category, Model, Serial, Tag, Condition, Purchased, Cost, Funding, Accessories, Notes];

    public static readonly Encoding CsvEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public static async Task<List<string[]>> RowsAsync(AppDbContext context, IQueryable<Item> items, CancellationToken ct)
    {
        var rows = await (from i in items
                          join o in context.Organizations on i.OrganizationId equals o.Id
                          orderby i.AssetTag
                          select new
                          {
                              i.AssetTag,
                              Category = i.Category!.Name,
                              i.Model,
                              i.SerialNumber,
                              i.Condition,
                              i.Status,
                              Owner = o.Name,
                              Place = i.HomePlace!.Name,
                              i.PurchasedOn,
                              i.Cost,
                              i.FundingSource,
                              Accessories = i.Accessories.OrderBy(a => a.Id).Select(a => a.Name).ToList(),
                              i.Notes,
                              Kit = i.Kit!.Name,
                          }).ToListAsync(ct);
        return [.. rows.Select(r => new[]
        {
            r.AssetTag, r.Category, r.Model, r.SerialNumber ?? "", FleetText.Condition(r.Condition), FleetText.Status(r.Status), r.Owner, r.Place ?? "",
            r.PurchasedOn?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "", r.Cost?.ToString("0.00", CultureInfo.GetCultureInfo("fr-FR")) ?? "",
            r.FundingSource ?? "", string.Join(" | ", r.Accessories), r.Notes ?? "", r.Kit ?? "",
        })];
    }

    public static byte[] Csv(IEnumerable<string[]> rows, IReadOnlyList<string> headers)
    {
        var text = new StringBuilder();
        text.Append(string.Join(Delimiter, headers.Select(h => CsvText.Quote(h, Delimiter)))).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(Delimiter, row.Select(v => CsvText.Quote(v, Delimiter)))).Append("\r\n");
        }

        return [.. CsvEncoding.GetPreamble(), .. new UTF8Encoding(false).GetBytes(text.ToString())];
    }

    public static async Task<byte[]> XlsxAsync(IEnumerable<string[]> rows, CancellationToken ct)
    {
        var sheet = rows.Select(r => (IDictionary<string, object?>)ExportHeaders.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => (object?)r[x.i]));
        using var stream = new MemoryStream();
        await MiniExcel.SaveAsAsync(stream, sheet, printHeader: true, sheetName: "Matériel", excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }

    /// <summary>Checks every line, then saves all of them in one transaction, or none.</summary>
    public async Task<FleetImportResult> ImportAsync(FleetAccess access, int organizationId, byte[] bytes, string? actorName, CancellationToken ct = default)
    {
        var errors = new List<FleetLineError>();
        if (access.OrganizationIds is { } ids ? !ids.Contains(organizationId) : !await db.Organizations.AnyAsync(o => o.Id == organizationId, ct))
        {
            return new FleetImportResult(0, [new FleetLineError(0, null, "Choisissez la structure propriétaire des objets dans la liste.")]);
        }

        if (bytes.Length == 0)
        {
            return new FleetImportResult(0, [new FleetLineError(0, null, "Le fichier est vide.")]);
        }

        string text;
        try
        {
            var offset = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
            text = new UTF8Encoding(false, true).GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            return new FleetImportResult(0, [new FleetLineError(0, null, "Le fichier n'est pas encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 » puis réessayez.")]);
        }

        var (rows, unclosed) = CsvText.Parse(text, CsvText.DetectDelimiter(text));
        if (rows.Count < 2)
        {
            return new FleetImportResult(0, [new FleetLineError(rows.Count == 0 ? 0 : 1, null, "Le fichier ne contient aucun objet : une ligne d'en-tête puis une ligne par objet.")]);
        }

        if (unclosed is { } open)
        {
            errors.Add(new FleetLineError(open, null, "Un guillemet ouvert sur cette ligne n'est jamais fermé : la suite du fichier n'a pas pu être lue."));
        }

        var header = rows[0].Fields.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
        int Column(string name) => header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        foreach (var required in new[] { Category, Model })
        {
            if (Column(required) < 0)
            {
                errors.Add(new FleetLineError(1, required, $"La colonne « {required} » manque : reprenez le modèle de fichier."));
            }
        }

        if (rows.Count - 1 > MaxImportLines)
        {
            errors.Add(new FleetLineError(0, null, $"Au plus {MaxImportLines} objets par fichier : découpez-le."));
        }

        if (errors.Count > 0)
        {
            return new FleetImportResult(0, errors);
        }

        var categories = await db.ItemCategories.AsNoTracking().ToListAsync(ct);
        var today = DateOnly.FromDateTime(Shared.Web.ParisTime.ToParis(clock.GetUtcNow()).DateTime);
        var parsed = new List<(int Line, ItemInput Input, ItemCategory Category)>();
        var seenTags = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenSerials = new Dictionary<(int, string), int>();
        foreach (var row in rows.Skip(1))
        {
            string Value(string name) => Column(name) is var i and >= 0 && i < row.Fields.Count ? row.Fields[i].Trim() : "";
            void Error(string? column, string message) => errors.Add(new FleetLineError(row.Line, column, message));
            if (row.Fields.All(f => f.Trim().Length == 0))
            {
                continue;
            }

            var categoryText = Value(Category);
            var category = categories.FirstOrDefault(c => string.Equals(c.Name, categoryText, StringComparison.OrdinalIgnoreCase) || string.Equals(c.TagPrefix, categoryText, StringComparison.OrdinalIgnoreCase));
            if (category is null || !category.IsActive)
            {
                Error(Category, categoryText.Length == 0 ? "Indiquez la catégorie." : $"Catégorie « {categoryText} » inconnue ou archivée : {string.Join(", ", categories.Where(c => c.IsActive).Select(c => c.Name))}.");
            }

            var input = new ItemInput
            {
                CategoryId = category?.Id,
                OrganizationId = organizationId,
                Model = Value(Model),
                SerialNumber = Value(Serial),
                AssetTag = Value(Tag),
                Cost = Value(Cost),
                FundingSource = Value(Funding),
                Notes = Value(Notes),
                Accessories = string.Join("\n", Value(Accessories).Split(['|', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
            };
            var conditionText = Value(Condition);
            if (conditionText.Length > 0)
            {
                if (FleetText.Conditions.FirstOrDefault(c => string.Equals(c.Label, conditionText, StringComparison.OrdinalIgnoreCase)) is { Label: not null } condition)
                {
                    input.Condition = condition.Value;
                }
                else
                {
                    Error(Condition, $"État « {conditionText} » inconnu : {string.Join(", ", FleetText.Conditions.Select(c => c.Label))}.");
                }
            }

            var dateText = Value(Purchased);
            if (dateText.Length > 0)
            {
                if (DateOnly.TryParseExact(dateText, ["dd/MM/yyyy", "yyyy-MM-dd", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    input.PurchasedOn = date;
                }
                else
                {
                    Error(Purchased, $"Date « {dateText} » illisible : écrivez-la jj/mm/aaaa.");
                }
            }

            foreach (var (field, messages) in ItemRules.Validate(input, today).Where(e => e.Key != nameof(ItemInput.CategoryId)))
            {
                foreach (var message in messages)
                {
                    Error(ColumnOf(field), message);
                }
            }

            if (ItemRules.Clean(input.AssetTag) is { } tag)
            {
                var normalized = AssetTags.Normalize(tag);
                if (seenTags.TryGetValue(normalized, out var firstLine))
                {
                    Error(Tag, $"L'étiquette « {normalized} » est déjà sur la ligne {firstLine}.");
                }
                else
                {
                    seenTags[normalized] = row.Line;
                }
            }

            if (ItemRules.Clean(input.SerialNumber) is { } serial && category is not null)
            {
                if (seenSerials.TryGetValue((category.Id, serial), out var firstLine))
                {
                    Error(Serial, $"Le numéro de série « {serial} » est déjà sur la ligne {firstLine}.");
                }
                else
                {
                    seenSerials[(category.Id, serial)] = row.Line;
                }
            }

            if (category is not null)
            {
                parsed.Add((row.Line, input, category));
            }
        }

        // Against the fleet already there: tags and serial numbers taken.
        var tags = seenTags.Keys.ToList();
        var takenTags = await db.Items.Where(i => tags.Contains(i.AssetTag)).Select(i => i.AssetTag).Concat(db.Kits.Where(k => tags.Contains(k.AssetTag)).Select(k => k.AssetTag)).ToListAsync(ct);
        foreach (var taken in takenTags)
        {
            errors.Add(new FleetLineError(seenTags[taken], Tag, $"L'étiquette « {taken} » est déjà portée par un objet du parc."));
        }

        var serials = seenSerials.Keys.Select(k => k.Item2).Distinct().ToList();
        var takenSerials = await db.Items.Where(i => i.SerialNumber != null && serials.Contains(i.SerialNumber)).Select(i => new { i.CategoryId, i.SerialNumber }).ToListAsync(ct);
        foreach (var taken in takenSerials.Where(t => seenSerials.ContainsKey((t.CategoryId, t.SerialNumber!))))
        {
            errors.Add(new FleetLineError(seenSerials[(taken.CategoryId, taken.SerialNumber!)], Serial, $"Le numéro de série « {taken.SerialNumber} » est déjà dans le parc pour cette catégorie."));
        }

        if (errors.Count > 0)
        {
            return new FleetImportResult(0, [.. errors.OrderBy(e => e.Line)]);
        }

        // All right: one transaction, tags numbered after the highest of each category.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var next = new Dictionary<string, int>();
        var items = new List<Item>();
        foreach (var (_, input, category) in parsed)
        {
            if (!next.TryGetValue(category.TagPrefix, out var number))
            {
                number = await AssetTags.NextNumberAsync(db, category.TagPrefix, ct);
            }

            string tag;
            if (ItemRules.Clean(input.AssetTag) is { } typed)
            {
                tag = AssetTags.Normalize(typed);
            }
            else
            {
                do
                {
                    tag = AssetTags.Format(category.TagPrefix, number++);
                }
                while (seenTags.ContainsKey(tag));
            }

            next[category.TagPrefix] = number;
            ItemRules.TryParseCost(input.Cost, out var cost);
            items.Add(new Item
            {
                CategoryId = category.Id,
                OrganizationId = organizationId,
                Model = ItemRules.Clean(input.Model)!,
                SerialNumber = ItemRules.Clean(input.SerialNumber),
                AssetTag = tag,
                Condition = input.Condition,
                PurchasedOn = input.PurchasedOn,
                Cost = cost,
                FundingSource = ItemRules.Clean(input.FundingSource),
                Notes = ItemRules.Clean(input.Notes),
                Accessories = [.. ItemRules.AccessoryLines(input.Accessories).Select(a => new ItemAccessory { Name = a })],
                CreatedAt = now,
                ModifiedAt = now,
            });
        }

        db.Items.AddRange(items);
        await db.SaveChangesAsync(ct);
        db.ItemEvents.AddRange(items.Select(i => new ItemEvent { ItemId = i.Id, Kind = ItemEventKind.Created, Text = "Ajouté au parc par import.", ActorName = actorName, At = now }));
        audit.Record(AuditActions.ItemChanged, "materiel", null, $"{items.Count} objets importés");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new FleetImportResult(items.Count, []);
    }

    private static string? ColumnOf(string field) => field switch
    {
        nameof(ItemInput.Model) => Model,
        nameof(ItemInput.SerialNumber) => Serial,
        nameof(ItemInput.AssetTag) => Tag,
        nameof(ItemInput.Condition) => Condition,
        nameof(ItemInput.PurchasedOn) => Purchased,
        nameof(ItemInput.Cost) => Cost,
        nameof(ItemInput.FundingSource) => Funding,
        nameof(ItemInput.Notes) => Notes,
        nameof(ItemInput.Accessories) => Accessories,
        _ => null,
    };
}
