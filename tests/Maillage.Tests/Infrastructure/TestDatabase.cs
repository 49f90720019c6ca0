using Maillage.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Maillage.Tests.Infrastructure;

/// <summary>
/// A database of its own for one test class: a temp SQLite file by default, or its own PostgreSQL database
/// (CREATE DATABASE maillage_test_…) when MAILLAGE_TEST_DB=postgres, on the server given by MAILLAGE_TEST_POSTGRES.
/// <see cref="Create"/> gives an empty one, <see cref="CreateMigrated"/> a copy of a template migrated once per test run.
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

    /// <summary>An empty database (no schema), for what migrates it itself: the migrate verb, the migration tests.</summary>
    public static TestDatabase Create() => Create(template: null);

    /// <summary>
    /// A database holding what the application creates on an empty one at startup (the schema and the default motifs and
    /// workshop catalogue), copied from a template migrated once per test run: a file copy on SQLite, CREATE DATABASE …
    /// TEMPLATE on PostgreSQL. Migrating each class's database took about half a second on SQLite and two on PostgreSQL.
    /// </summary>
    public static TestDatabase CreateMigrated() => Create(MigratedTemplate.Value.GetAwaiter().GetResult());

    private static TestDatabase Create(string? template)
    {
        if (CurrentProvider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"maillage_test_{Guid.NewGuid():N}.db");
            if (template is not null)
            {
                File.Copy(template, file);
            }

            var cs = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
            return new TestDatabase(DatabaseProvider.Sqlite, cs, file, null);
        }

        var server = PostgresServer();
        var name = $"maillage_test_{Guid.NewGuid():N}";
        using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString()))
        {
            admin.Open();
            using var create = new NpgsqlCommand(template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", admin);
            create.ExecuteNonQuery();
        }

        var csb = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(DatabaseProvider.Postgres, csb.ToString(), null, name);
    }

    private static string PostgresServer()
    {
        var server = Environment.GetEnvironmentVariable("MAILLAGE_TEST_POSTGRES");
        return string.IsNullOrWhiteSpace(server)
            ? throw new InvalidOperationException("MAILLAGE_TEST_DB=postgres requires MAILLAGE_TEST_POSTGRES (Host=…;Port=…;Username=…), as set by test.sh.")
            : server;
    }

    // Built on the thread pool (no test synchronization context to block on), once per test process; a failure fails every
    // test that needs it, with the cause.
    private static readonly Lazy<Task<string>> MigratedTemplate = new(() => Task.Run(CreateMigratedTemplateAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The template: a SQLite file path or a PostgreSQL database name, removed when the test process exits.</summary>
    private static async Task<string> CreateMigratedTemplateAsync()
    {
        var template = Create(template: null);
        await using (var db = template.CreateContext())
        {
            await db.MigrateAsync();
            await Maillage.Features.Agenda.AgendaDefaults.EnsureDefaultsAsync(db);
            await Maillage.Features.Materiel.FleetDefaults.EnsureDefaultsAsync(db);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => template.Dispose();
        if (template._sqliteFile is not null)
        {
            // Fold the write-ahead log (if any) into the file, so that a plain copy holds everything.
            SqliteConnection.ClearPool(new SqliteConnection(template.ConnectionString));
            await using var connection = new SqliteConnection(template.ConnectionString + ";Pooling=False");
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
            return template._sqliteFile;
        }

        // CREATE DATABASE … TEMPLATE refuses a source with open sessions: close the pooled ones.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(template.ConnectionString));
        return template._postgresName!;
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
