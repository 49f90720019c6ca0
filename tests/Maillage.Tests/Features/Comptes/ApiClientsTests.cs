using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Security;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Comptes;

[Trait("Category", "Database")]
public class ApiClientsTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private async Task<(ApiClient? Client, string? Token, string? Error)> CreateAsync(string role, string? territory = null, int? organization = null, string? name = null)
    {
        await factory.EnsureTerritoriesAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        return await ApiClients.CreateAsync(sp.GetRequiredService<Maillage.Data.AppDbContext>(), sp.GetRequiredService<AuditLog>(), TimeProvider.System,
            name ?? $"Client {Guid.NewGuid():N}", role, territory, organization);
    }

    [Fact]
    public async Task TheTokenIsReturnedOnceAndOnlyItsHashIsStored()
    {
        var (client, token, error) = await CreateAsync("Lecteur", MaillageFactory.SaintEtienne);

        Assert.Null(error);
        Assert.StartsWith(ApiClients.TokenPrefix, token);
        var stored = await factory.WithDbAsync(db => db.ApiClients.AsNoTracking().SingleAsync(c => c.Id == client!.Id));
        Assert.Equal(SecretTokens.Hash(token!), stored.TokenHash);
        Assert.DoesNotContain(token!, stored.TokenHash);
        Assert.NotEqual(token, stored.TokenPrefix);
        Assert.True(token!.Length > stored.TokenPrefix.Length + 20);
        var rawInDatabase = await factory.WithDbAsync(db => db.ApiClients.AnyAsync(c => c.TokenHash == token || c.TokenPrefix == token || c.Name == token));
        Assert.False(rawInDatabase);
    }

    [Fact]
    public async Task CreatingAClientWritesExactlyOneAuditEntryWithActorActionAndTarget()
    {
        var (client, _, _) = await CreateAsync("Administrateur");

        var entries = await factory.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.TargetType == "client-api" && a.TargetId == client!.Id.ToString()).ToListAsync());

        var entry = Assert.Single(entries);
        Assert.Equal(AuditActions.ApiClientCreated, entry.Action);
        Assert.Equal(AuditLog.SystemActor, entry.ActorId);
        Assert.Contains(client!.Name, entry.Details);
    }

    [Theory]
    [InlineData("Inconnu", "42218", null, "Rôle « Inconnu » inconnu")]
    [InlineData("Lecteur", null, null, "Le rôle Lecteur se rattache à un territoire")]
    [InlineData("Lecteur", "00000", null, "Aucun territoire de code 00000.")]
    [InlineData("Conseiller", "42218", null, "Le rôle Conseiller se rattache à une structure")]
    [InlineData("Conseiller", null, 999999, "Aucune structure n° 999999.")]
    [InlineData("Administrateur", "42218", null, "Un client Administrateur couvre toute l'instance")]
    public async Task InvalidRequestsAreRefusedInFrenchAndCreateNothing(string role, string? territory, int? organization, string expected)
    {
        var name = $"Refusé {Guid.NewGuid():N}";

        var (client, token, error) = await CreateAsync(role, territory, organization, name);

        Assert.Null(client);
        Assert.Null(token);
        Assert.StartsWith(expected, error);
        Assert.False(await factory.WithDbAsync(db => db.ApiClients.AnyAsync(c => c.Name == name)));
    }
}
