using Maillage.Data;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Data;

public class MigrationsTests
{
    // Contexts built with options only: checking the model against the migrations needs no server.
    private static SqliteAppDbContext Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);

    private static PostgresAppDbContext Postgres() =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=maillage_modele").Options);

    [Fact]
    public void SqliteMigrationsContainEveryChangeOfTheModel()
    {
        using var db = Sqlite();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changes that the SQLite migrations lack: dotnet ef migrations add <Name> --context SqliteAppDbContext --output-dir Migrations/Sqlite");
    }

    [Fact]
    public void PostgresMigrationsContainEveryChangeOfTheModel()
    {
        using var db = Postgres();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changes that the PostgreSQL migrations lack: dotnet ef migrations add <Name> --context PostgresAppDbContext --output-dir Migrations/Postgres");
    }

    [Fact]
    [Trait("Category", "Database")]
    public async Task MigratingAFreshDatabaseAppliesEveryMigration()
    {
        await using var database = TestDatabase.Create();
        await using var db = database.CreateContext();

        await db.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Organizations.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    [Trait("Category", "Database")]
    public async Task MigratingTwiceIsHarmless()
    {
        await using var database = TestDatabase.Create();
        await using (var first = database.CreateContext())
        {
            await first.MigrateAsync();
        }

        await using var db = database.CreateContext();
        await db.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
