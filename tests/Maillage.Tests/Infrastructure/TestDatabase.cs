using Maillage.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Maillage.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for one test class: a temp SQLite file by default, or its own PostgreSQL database
/// (CREATE DATABASE maillage_test_…) when MAILLAGE_TEST_DB=postgres, on the server given by MAILLAGE_TEST_POSTGRES.
/// Deleted (dropped) on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable, IDisposable
{
    private readonly string? _sqliteFile;
    private readonly string? _postgresName;
    private bool _disposed;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>The value for Database:Provider.</summary>
    public string ProviderName => Provider == DatabaseProvider.Postgres ? "Postgres" : "Sqlite";

    /// <summary>The provider chosen for this test run: MAILLAGE_TEST_DB=postgres selects PostgreSQL.</summary>
    public static DatabaseProvider CurrentProvider =>
        string.Equals(Environment.GetEnvironmentVariable("MAILLAGE_TEST_DB"), "postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    public static TestDatabase Create()
    {
        if (CurrentProvider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"maillage_test_{Guid.NewGuid():N}.db");
            var cs = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
            return new TestDatabase(DatabaseProvider.Sqlite, cs, file, null);
        }

        var server = Environment.GetEnvironmentVariable("MAILLAGE_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException("MAILLAGE_TEST_DB=postgres requires MAILLAGE_TEST_POSTGRES (Host=…;Port=…;Username=…), as set by test.sh.");
        }

        var name = $"maillage_test_{Guid.NewGuid():N}";
        using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString()))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            create.ExecuteNonQuery();
        }

        var csb = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(DatabaseProvider.Postgres, csb.ToString(), null, name);
    }

    /// <summary>A context of the right provider on this database, as the application builds it.</summary>
    public AppDbContext CreateContext()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(ConnectionString).Options);
        }

        return new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(ConnectionString).Options);
    }

    /// <summary>A migrated context: the schema exactly as the application's migrations create it.</summary>
    public async Task<AppDbContext> CreateMigratedContextAsync()
    {
        var db = CreateContext();
        await db.MigrateAsync();
        return db;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_sqliteFile is not null)
        {
            using (var connection = new SqliteConnection(ConnectionString))
            {
                SqliteConnection.ClearPool(connection);
            }

            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm", _sqliteFile + "-journal" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // A temp file left behind is harmless.
                }
            }
        }

        if (_postgresName is not null)
        {
            using (var connection = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }

            var server = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
            using var admin = new NpgsqlConnection(server.ToString());
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
