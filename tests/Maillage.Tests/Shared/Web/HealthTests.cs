using System.Net;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Shared.Web;

[Trait("Category", "Database")]
public sealed class HealthTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task HealthTurnsUnhealthyWhenTheDatabaseLacksAMigration()
    {
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        var last = await factory.WithDbAsync(async db => (await db.Database.GetAppliedMigrationsAsync()).Last());
        await factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {last}"));

        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
