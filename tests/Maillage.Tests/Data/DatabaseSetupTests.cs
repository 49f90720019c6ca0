using Maillage.Data;
using Npgsql;

namespace Maillage.Tests.Data;

public class DatabaseSetupTests
{
    [Fact]
    public void PostgresConnectionTurnsOnAutomaticPreparationByDefault()
    {
        var result = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db;Database=maillage;Username=app"));

        Assert.Equal(64, result.MaxAutoPrepare);
        Assert.Equal("db", result.Host);
        Assert.Equal("maillage", result.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=10", 10)]
    public void PostgresConnectionKeepsTheOperatorsChoice(string connectionString, int expected)
    {
        var result = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(connectionString));

        Assert.Equal(expected, result.MaxAutoPrepare);
    }
}
