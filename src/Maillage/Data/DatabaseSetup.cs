using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseSetup
{
    public const string DefaultSqliteConnection = "Data Source=data/maillage.db";

    public static DatabaseProvider Provider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value) || value.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.Sqlite;
        }

        if (value.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || value.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.Postgres;
        }

        throw new InvalidOperationException($"Database:Provider « {value} » inconnu : valeurs possibles Sqlite ou Postgres.");
    }

    public static IHostApplicationBuilder AddMaillageDatabase(this IHostApplicationBuilder builder)
    {
        var provider = Provider(builder.Configuration);
        var connectionString = builder.Configuration.GetConnectionString("Default");
        if (provider == DatabaseProvider.Sqlite)
        {
            var cs = SqliteConnectionString(connectionString, builder.Environment.ContentRootPath);
            builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite(cs));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("ConnectionStrings:Default est obligatoire avec Database:Provider=Postgres.");
            }

            builder.Services.AddDbContext<AppDbContext, PostgresAppDbContext>(o => o.UseNpgsql(PostgresConnectionString(connectionString)));
        }

        return builder;
    }

    /// <summary>
    /// Turns on Npgsql's automatic preparation unless the connection string says otherwise: the same few queries (free slots,
    /// booking, lists) run all day, and PostgreSQL then plans each once per connection instead of at every call.
    /// </summary>
    public static string PostgresConnectionString(string connectionString)
    {
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            csb.MaxAutoPrepare = 64;
        }

        return csb.ConnectionString;
    }

    /// <summary>Makes a relative SQLite file path relative to the content root and creates its folder.</summary>
    public static string SqliteConnectionString(string? connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnection : connectionString);
        if (csb.DataSource != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            if (!Path.IsPathRooted(csb.DataSource))
            {
                csb.DataSource = Path.GetFullPath(Path.Combine(contentRoot, csb.DataSource));
            }

            Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
        }

        csb.DefaultTimeout = 30;
        csb.Pooling = true;
        return csb.ToString();
    }

    /// <summary>Applies pending migrations; on SQLite switches the file to WAL so readers never block the writer.</summary>
    public static async Task MigrateAsync(this AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        await db.Database.MigrateAsync(cancellationToken);
    }
}
