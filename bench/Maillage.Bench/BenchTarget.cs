using Maillage.Shared.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Maillage.Bench;

/// <summary>The database of the bench verbs: a SQLite file by default, PostgreSQL with --connection; and the benched application built on it.</summary>
internal static class BenchTarget
{
    public static bool IsSqlite(string provider) =>
        provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) ? true
        : provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) ? false
        : throw new BenchUsageException("--provider attend Sqlite ou Postgres.");

    /// <summary>The target of a verb; <paramref name="generator"/> names the verb that creates a missing database.</summary>
    public static (bool IsSqlite, string Connection, string? SqliteFile) Resolve(BenchArgs args, string defaultFile, bool fresh, string? generator = null)
    {
        var isSqlite = IsSqlite(args.Get("provider") ?? "Sqlite");
        var connection = args.Get("connection") ?? (isSqlite ? $"Data Source={defaultFile}" : throw new BenchUsageException("--connection est obligatoire avec --provider Postgres."));
        if (!isSqlite)
        {
            return (false, connection, null);
        }

        var file = Path.GetFullPath(new SqliteConnectionStringBuilder(connection).DataSource);
        connection = new SqliteConnectionStringBuilder(connection) { DataSource = file }.ToString();
        if (!fresh)
        {
            return File.Exists(file) ? (true, connection, file) : throw new BenchUsageException($"Base introuvable : {file}. Générez-la d'abord{(generator is null ? "" : $" ({generator})")}.");
        }

        if (File.Exists(file))
        {
            if (!args.Flag("force"))
            {
                throw new BenchUsageException($"{file} existe déjà : ajoutez --force pour le remplacer.");
            }

            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return (true, connection, file);
    }

    public static WebApplication BuildApp(bool isSqlite, string connection, bool showSql = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Bench", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = isSqlite ? "Sqlite" : "Postgres",
            ["ConnectionStrings:Default"] = connection,
            ["Database:MigrateAtStartup"] = "false",
            ["Demo:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = showSql ? "Information" : "None",
            ["Logging:Console:FormatterName"] = "simple",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddMaillageServices();
        return builder.Build();
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
