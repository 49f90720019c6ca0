using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Maillage.Bench;

/// <summary>Column list shared by both bulk writers (Version is always 0, ModifiedAt equals CreatedAt).</summary>
internal static class ActivityColumns
{
    public static readonly string[] Names =
    [
        "Id", "Type", "Date", "DurationMinutes", "Location", "PlaceId", "LocationCommuneCode", "Equipment", "Themes", "ProcedureFamilies",
        "ProcedureName", "Autonomy", "Referral", "WorkshopTitle", "WorkshopLevel", "ParticipantCount", "BeneficiaryAgeBand", "BeneficiaryGender",
        "BeneficiaryStatus", "BeneficiaryCommuneCode", "BeneficiaryId", "AdvisorId", "OrganizationId", "CreatedAt", "ModifiedAt", "DeletedAt",
        "DeletedById", "Version",
    ];

    public static string Quoted => string.Join(", ", Names.Select(n => $"\"{n}\""));
}

/// <summary>
/// SQLite: one prepared INSERT of <see cref="RowsPerStatement"/> rows, parameters rebound for each batch, one transaction per
/// <see cref="RowsPerTransaction"/> rows; foreign keys off and synchronous off for the load only (the data is consistent by construction).
/// </summary>
public sealed class SqliteActivityWriter : IActivityBulkWriter
{
    private const int RowsPerStatement = 10;
    private const int RowsPerTransaction = 250_000;
    private static readonly int Columns = ActivityColumns.Names.Length;

    private readonly SqliteConnection connection;
    private readonly SqliteCommand insert;
    private readonly ActivityBulkRow[] pending = new ActivityBulkRow[RowsPerStatement];
    private readonly Dictionary<DateOnly, string> dates = [];
    private SqliteTransaction transaction;
    private int count;
    private int inTransaction;

    private SqliteActivityWriter(SqliteConnection connection)
    {
        this.connection = connection;
        transaction = connection.BeginTransaction();
        insert = Command(RowsPerStatement);
        insert.Prepare();
    }

    public static async Task<SqliteActivityWriter> OpenAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA foreign_keys=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;";
            await pragma.ExecuteNonQueryAsync();
        }

        return new SqliteActivityWriter(connection);
    }

    public async ValueTask AddAsync(ActivityBulkRow row)
    {
        pending[count++] = row;
        if (count == RowsPerStatement)
        {
            await FlushAsync();
        }
    }

    public async Task FinishAsync(IReadOnlyList<CountRow> counts, IReadOnlyList<ParticipantRow> participants)
    {
        await FlushAsync();
        await InsertSmallAsync("ActivityParticipantCounts", ["ActivityId", "Dimension", "Value", "Count"], counts, (c, v) =>
        {
            v[0] = c.ActivityId;
            v[1] = (int)c.Dimension;
            v[2] = c.Value;
            v[3] = c.Count;
        });
        await InsertSmallAsync("ActivityParticipants", ["ActivityId", "BeneficiaryId"], participants, (p, v) =>
        {
            v[0] = p.ActivityId;
            v[1] = p.BeneficiaryId;
        });
        await transaction.CommitAsync();
    }

    private async Task FlushAsync()
    {
        if (count == 0)
        {
            return;
        }

        var command = count == RowsPerStatement ? insert : Command(count);
        for (var r = 0; r < count; r++)
        {
            Bind(command.Parameters, r * Columns, pending[r]);
        }

        await command.ExecuteNonQueryAsync();
        if (!ReferenceEquals(command, insert))
        {
            await command.DisposeAsync();
        }

        inTransaction += count;
        count = 0;
        if (inTransaction >= RowsPerTransaction)
        {
            await transaction.CommitAsync();
            await transaction.DisposeAsync();
            transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            inTransaction = 0;
        }
    }

    private void Bind(SqliteParameterCollection p, int at, in ActivityBulkRow a)
    {
        if (!dates.TryGetValue(a.Date, out var date))
        {
            dates[a.Date] = date = a.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        p[at].Value = a.Id;
        p[at + 1].Value = (int)a.Type;
        p[at + 2].Value = date;
        p[at + 3].Value = a.DurationMinutes;
        p[at + 4].Value = (int)a.Location;
        p[at + 5].Value = a.PlaceId is { } place ? place : DBNull.Value;
        p[at + 6].Value = (object?)a.LocationCommuneCode ?? DBNull.Value;
        p[at + 7].Value = (int)a.Equipment;
        p[at + 8].Value = (long)a.Themes;
        p[at + 9].Value = (int)a.ProcedureFamilies;
        p[at + 10].Value = (object?)a.ProcedureName ?? DBNull.Value;
        p[at + 11].Value = a.Autonomy is { } autonomy ? (int)autonomy : DBNull.Value;
        p[at + 12].Value = a.Referral is { } referral ? (int)referral : DBNull.Value;
        p[at + 13].Value = (object?)a.WorkshopTitle ?? DBNull.Value;
        p[at + 14].Value = a.WorkshopLevel is { } level ? (int)level : DBNull.Value;
        p[at + 15].Value = a.ParticipantCount;
        p[at + 16].Value = (int)a.BeneficiaryAgeBand;
        p[at + 17].Value = (int)a.BeneficiaryGender;
        p[at + 18].Value = (int)a.BeneficiaryStatus;
        p[at + 19].Value = (object?)a.BeneficiaryCommuneCode ?? DBNull.Value;
        p[at + 20].Value = a.BeneficiaryId is { } beneficiary ? beneficiary : DBNull.Value;
        p[at + 21].Value = a.AdvisorId;
        p[at + 22].Value = a.OrganizationId;
        p[at + 23].Value = a.CreatedAtTicks;
        p[at + 24].Value = a.CreatedAtTicks;
        p[at + 25].Value = a.DeletedAtTicks is { } deleted ? deleted : DBNull.Value;
        p[at + 26].Value = (object?)a.DeletedById ?? DBNull.Value;
        p[at + 27].Value = 0;
    }

    private SqliteCommand Command(int rows)
    {
        var sql = new StringBuilder($"INSERT INTO \"Activities\" ({ActivityColumns.Quoted}) VALUES ");
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ",(");
            for (var c = 0; c < Columns; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{r * Columns + c}");
                sql.Append(c == 0 ? name : "," + name);
                command.Parameters.Add(new SqliteParameter(name, null));
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        return command;
    }

    private async Task InsertSmallAsync<T>(string table, string[] columns, IReadOnlyList<T> rows, Action<T, object[]> values)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@c{i}"))})";
        var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"@c{i}", null))).ToArray();
        command.Prepare();
        var buffer = new object[columns.Length];
        foreach (var row in rows)
        {
            values(row, buffer);
            for (var i = 0; i < buffer.Length; i++)
            {
                parameters[i].Value = buffer[i];
            }

            await command.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await insert.DisposeAsync();
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}

/// <summary>PostgreSQL: binary COPY (Npgsql <c>BeginBinaryImport</c>), foreign-key triggers off for the session (superuser, load only).</summary>
public sealed class PostgresActivityWriter : IActivityBulkWriter
{
    private readonly NpgsqlConnection connection;
    private NpgsqlBinaryImporter? importer;

    private PostgresActivityWriter(NpgsqlConnection connection) => this.connection = connection;

    public static async Task<PostgresActivityWriter> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand("SET session_replication_role = replica", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        var writer = new PostgresActivityWriter(connection);
        writer.importer = await connection.BeginBinaryImportAsync($"COPY \"Activities\" ({ActivityColumns.Quoted}) FROM STDIN (FORMAT BINARY)");
        return writer;
    }

    public ValueTask AddAsync(ActivityBulkRow a)
    {
        var w = importer!;
        w.StartRow();
        w.Write(a.Id, NpgsqlDbType.Bigint);
        w.Write((int)a.Type, NpgsqlDbType.Integer);
        w.Write(a.Date, NpgsqlDbType.Date);
        w.Write(a.DurationMinutes, NpgsqlDbType.Integer);
        w.Write((int)a.Location, NpgsqlDbType.Integer);
        Nullable(w, a.PlaceId, NpgsqlDbType.Integer);
        Text(w, a.LocationCommuneCode);
        w.Write((int)a.Equipment, NpgsqlDbType.Integer);
        w.Write((long)a.Themes, NpgsqlDbType.Bigint);
        w.Write((int)a.ProcedureFamilies, NpgsqlDbType.Integer);
        Text(w, a.ProcedureName);
        Nullable(w, (int?)a.Autonomy, NpgsqlDbType.Integer);
        Nullable(w, (int?)a.Referral, NpgsqlDbType.Integer);
        Text(w, a.WorkshopTitle);
        Nullable(w, (int?)a.WorkshopLevel, NpgsqlDbType.Integer);
        w.Write(a.ParticipantCount, NpgsqlDbType.Integer);
        w.Write((int)a.BeneficiaryAgeBand, NpgsqlDbType.Integer);
        w.Write((int)a.BeneficiaryGender, NpgsqlDbType.Integer);
        w.Write((int)a.BeneficiaryStatus, NpgsqlDbType.Integer);
        Text(w, a.BeneficiaryCommuneCode);
        Nullable(w, a.BeneficiaryId, NpgsqlDbType.Bigint);
        w.Write(a.AdvisorId, NpgsqlDbType.Varchar);
        w.Write(a.OrganizationId, NpgsqlDbType.Integer);
        var created = new DateTime(a.CreatedAtTicks, DateTimeKind.Utc);
        w.Write(created, NpgsqlDbType.TimestampTz);
        w.Write(created, NpgsqlDbType.TimestampTz);
        if (a.DeletedAtTicks is { } deleted)
        {
            w.Write(new DateTime(deleted, DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
        }
        else
        {
            w.WriteNull();
        }

        Text(w, a.DeletedById);
        w.Write(0L, NpgsqlDbType.Bigint);
        return ValueTask.CompletedTask;
    }

    public async Task FinishAsync(IReadOnlyList<CountRow> counts, IReadOnlyList<ParticipantRow> participants)
    {
        await importer!.CompleteAsync();
        await importer.DisposeAsync();
        importer = null;
        await using (var copy = await connection.BeginBinaryImportAsync("COPY \"ActivityParticipantCounts\" (\"ActivityId\", \"Dimension\", \"Value\", \"Count\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var c in counts)
            {
                copy.StartRow();
                copy.Write(c.ActivityId, NpgsqlDbType.Bigint);
                copy.Write((int)c.Dimension, NpgsqlDbType.Integer);
                copy.Write(c.Value, NpgsqlDbType.Integer);
                copy.Write(c.Count, NpgsqlDbType.Integer);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("COPY \"ActivityParticipants\" (\"ActivityId\", \"BeneficiaryId\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var p in participants)
            {
                copy.StartRow();
                copy.Write(p.ActivityId, NpgsqlDbType.Bigint);
                copy.Write(p.BeneficiaryId, NpgsqlDbType.Bigint);
            }

            await copy.CompleteAsync();
        }
    }

    private static void Nullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v)
        {
            w.Write(v, type);
        }
        else
        {
            w.WriteNull();
        }
    }

    private static void Text(NpgsqlBinaryImporter w, string? value)
    {
        if (value is null)
        {
            w.WriteNull();
        }
        else
        {
            w.Write(value, NpgsqlDbType.Varchar);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (importer is not null)
        {
            await importer.DisposeAsync();
        }

        await connection.DisposeAsync();
    }
}
