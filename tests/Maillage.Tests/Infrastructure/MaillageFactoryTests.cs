using Maillage.Data;
using Maillage.Shared.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Maillage.Tests.Infrastructure;

/// <summary>The factory really isolates each test class: its own database, the test SMTP server, test settings.</summary>
[Trait("Category", "Database")]
public class MaillageFactoryTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task TheApplicationUsesTheDatabaseOfItsFactoryMigrated()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var connection = db.Database.GetConnectionString()!;
        if (factory.Database.Provider == DatabaseProvider.Sqlite)
        {
            Assert.Contains(Path.GetTempPath().TrimEnd('/'), connection);
            Assert.Contains("maillage_test_", connection);
        }
        else
        {
            Assert.Contains("maillage_test_", connection);
        }

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public void TheApplicationRunsWithTestSettings()
    {
        var configuration = factory.Services.GetRequiredService<IConfiguration>();
        var smtp = factory.Services.GetRequiredService<IOptions<SmtpOptions>>().Value;

        Assert.Equal("Testing", factory.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>().EnvironmentName);
        Assert.Equal(MaillageFactory.SigningKey, configuration["Security:SigningKey"]);
        Assert.False(configuration.GetValue<bool>("Demo:Enabled"));
        Assert.Equal(("127.0.0.1", TestSmtpServer.Instance.Port), (smtp.Host, smtp.Port));
    }

    [Fact]
    public async Task TwoFactoriesNeverShareADatabase()
    {
        await using var other = new MaillageFactory();
        var name = $"Structure isolée {Guid.NewGuid():N}";
        await other.CreateOrganizationAsync(name);

        Assert.NotEqual(factory.Database.ConnectionString, other.Database.ConnectionString);
        Assert.False(await factory.WithDbAsync(db => db.Organizations.AnyAsync(o => o.Name == name)));
        Assert.True(await other.WithDbAsync(db => db.Organizations.AnyAsync(o => o.Name == name)));
    }
}
