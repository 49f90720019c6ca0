using System.Globalization;
using System.Runtime.CompilerServices;
using Maillage.Data;
using Maillage.Features.Audit;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Maillage.Features.Accompagnements.Echanges;

public enum ActivityExportFileFormat
{
    Csv,
    Xlsx,
}

/// <summary>The filters of an export, those of « Mes activités » (advisor and organization for those who read others' records).</summary>
public sealed record ActivityExportFilter
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public ActivityType? Type { get; init; }
    public ActivityTheme? Theme { get; init; }
    public int? PlaceId { get; init; }
    public string? AdvisorId { get; init; }
    public int? OrganizationId { get; init; }

    /// <summary>The filters in words for the audit trail: no personal data (the advisor is named by account id only).</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (From is { } from)
        {
            parts.Add("du " + from.ToString(ActivityExchangeFormat.DateFormat, CultureInfo.InvariantCulture));
        }

        if (To is { } to)
        {
            parts.Add("au " + to.ToString(ActivityExchangeFormat.DateFormat, CultureInfo.InvariantCulture));
        }

        if (Type is { } type)
        {
            parts.Add("type " + ActivityLabels.Label(type));
        }

        if (Theme is { } theme)
        {
            parts.Add("thématique " + ActivityLabels.Label(theme));
        }

        if (PlaceId is { } place)
        {
            parts.Add("lieu n° " + place.ToString(CultureInfo.InvariantCulture));
        }

        if (OrganizationId is { } organization)
        {
            parts.Add("structure n° " + organization.ToString(CultureInfo.InvariantCulture));
        }

        if (AdvisorId is { Length: > 0 } advisor)
        {
            parts.Add("conseiller " + advisor);
        }

        return parts.Count == 0 ? "sans filtre" : string.Join(", ", parts);
    }
}

/// <summary>
/// Writes the records a user may read (<see cref="ActivityAccess.Readable"/>) in the national « Activités » format, CSV or
/// XLSX. Rows are read in keyset batches by id and written as they come, so that a national export of hundreds of thousands
/// of records never sits in memory.
/// </summary>
public sealed class ActivityExporter(AppDbContext db, AuditLog audit)
{
    public const int BatchSize = 2000;

    public IQueryable<Activity> Query(ActivityAccess access, ActivityExportFilter filter) =>
        ActivityList.Filter(access.Readable(db.Activities.AsNoTracking()), new ActivityFilter(
            filter.From, filter.To, filter.Type, filter.Theme, filter.PlaceId, string.IsNullOrEmpty(filter.AdvisorId) ? null : filter.AdvisorId, filter.OrganizationId));

    public Task<int> CountAsync(ActivityAccess access, ActivityExportFilter filter, CancellationToken ct = default) => Query(access, filter).CountAsync(ct);

    /// <summary>The rows of the export, batch after batch (keyset on the id: each batch is one indexed range query).</summary>
    public async IAsyncEnumerable<string[]> RowsAsync(ActivityAccess access, ActivityExportFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var query = Query(access, filter);
        long after = 0;
        while (true)
        {
            var last = after;
            var batch = await query.Where(a => a.Id > last).OrderBy(a => a.Id).Take(BatchSize).Select(a => new ActivityExportItem
            {
                Id = a.Id,
                Type = a.Type,
                Date = a.Date,
                DurationMinutes = a.DurationMinutes,
                ParticipantCount = a.ParticipantCount,
                Location = a.Location,
                PlaceName = a.Place != null ? a.Place.Name : null,
                PlaceAddress = a.Place != null ? a.Place.Address : null,
                PlaceCommune = a.Place != null ? a.Place.CommuneName : null,
                PlacePostalCode = a.Place != null ? a.Place.PostalCode : null,
                PlaceInseeCode = a.Place != null ? a.Place.InseeCode : null,
                LocationCommuneCode = a.LocationCommuneCode,
                Equipment = a.Equipment,
                Themes = a.Themes,
                ProcedureFamilies = a.ProcedureFamilies,
                ProcedureName = a.ProcedureName,
                Autonomy = a.Autonomy,
                WorkshopTitle = a.WorkshopTitle,
                WorkshopLevel = a.WorkshopLevel,
                Referral = a.Referral,
                BeneficiaryAgeBand = a.BeneficiaryAgeBand,
                BeneficiaryGender = a.BeneficiaryGender,
                BeneficiaryStatus = a.BeneficiaryStatus,
                BeneficiaryCommuneCode = a.BeneficiaryCommuneCode,
                HasFile = a.BeneficiaryId != null,

                // Only what the statistics keep of a named file: never its name, phone or e-mail.
                FileBirthYear = a.Beneficiary != null ? a.Beneficiary.BirthYear : null,
                FileCommuneCode = a.Beneficiary != null ? a.Beneficiary.CommuneCode : null,
                FileGender = a.Beneficiary != null ? a.Beneficiary.Gender : Gender.Unknown,
                FileStatus = a.Beneficiary != null ? a.Beneficiary.Status : BeneficiaryStatus.Unknown,
            }).ToListAsync(ct);

            foreach (var item in batch)
            {
                yield return ActivityExchangeFormat.ToRow(item);
            }

            if (batch.Count < BatchSize)
            {
                yield break;
            }

            after = batch[^1].Id;
        }
    }

    /// <summary>Adds the audit entry of an export (count and filters, no personal data); the caller saves it.</summary>
    public async Task AuditAsync(ActivityExportFileFormat format, int count, ActivityExportFilter filter, CancellationToken ct = default)
    {
        audit.Record(AuditActions.ActivitiesExported, "activites", null,
            $"{count.ToString(CultureInfo.InvariantCulture)} activité(s) exportée(s) en {(format == ActivityExportFileFormat.Csv ? "CSV" : "XLSX")}, {filter.Describe()}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Writes the CSV (UTF-8 with BOM, « ; », RFC 4180 quoting) as the rows come.</summary>
    public static async Task WriteCsvAsync(Stream output, IAsyncEnumerable<string[]> rows, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(output, ActivityExchangeFormat.CsvEncoding, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(ActivityExchangeFormat.CsvLine(ActivityExchangeFormat.Headers));
        await foreach (var row in rows.WithCancellation(ct))
        {
            await writer.WriteLineAsync(ActivityExchangeFormat.CsvLine(row));
        }

        await writer.FlushAsync(ct);
    }

    /// <summary>
    /// Writes the XLSX. The workbook is a zip that MiniExcel writes synchronously: it goes to a temporary file first (never the
    /// whole sheet in memory), which is then copied to <paramref name="output"/> asynchronously.
    /// </summary>
    public static async Task WriteXlsxAsync(Stream output, IAsyncEnumerable<string[]> rows, CancellationToken ct = default)
    {
        var path = Path.Combine(Path.GetTempPath(), "maillage-activites-" + Guid.NewGuid().ToString("N") + ".xlsx");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                await MiniExcel.SaveAsAsync(file, Sheet(rows, ct), printHeader: true, sheetName: "Activités", excelType: ExcelType.XLSX, cancellationToken: ct);
            }

            await using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
            await read.CopyToAsync(output, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Rows as MiniExcel takes them: one dictionary per line, keyed by header; counts and durations as numbers.</summary>
    private static async IAsyncEnumerable<IDictionary<string, object?>> Sheet(IAsyncEnumerable<string[]> rows, [EnumeratorCancellation] CancellationToken ct)
    {
        var headers = ActivityExchangeFormat.Headers;
        var participants = IndexOf(ActivityExchangeFormat.Participants);
        var duration = IndexOf(ActivityExchangeFormat.Duration);
        await foreach (var row in rows.WithCancellation(ct))
        {
            var line = new Dictionary<string, object?>(headers.Count, StringComparer.Ordinal);
            for (var i = 0; i < headers.Count; i++)
            {
                line[headers[i]] = (i == participants || i == duration) && int.TryParse(row[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : row[i];
            }

            yield return line;
        }

        static int IndexOf(string column) => ActivityExchangeFormat.Headers.ToList().IndexOf(column);
    }
}
