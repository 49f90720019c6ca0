using Maillage.Features.Audit;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Audit;

[Trait("Category", "Database")]
public class AuditLogTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private Task<long> AddEntryAsync() => factory.WithDbAsync(async db =>
    {
        var entry = new AuditEntry { At = DateTimeOffset.UtcNow, Action = AuditActions.Export, ActorId = AuditLog.SystemActor, TargetId = Guid.NewGuid().ToString("N") };
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync();
        return entry.Id;
    });

    [Fact]
    public async Task UpdatingAnAuditEntryThrows()
    {
        var id = await AddEntryAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.WithDbAsync(async db =>
        {
            var entry = await db.AuditEntries.SingleAsync(a => a.Id == id);
            entry.Details = "falsifié";
            return await db.SaveChangesAsync();
        }));

        Assert.Contains("ajout seul", error.Message);
        Assert.Null(await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.Id == id).Select(a => a.Details).SingleAsync()));
    }

    [Fact]
    public async Task DeletingAnAuditEntryThrows()
    {
        var id = await AddEntryAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => factory.WithDbAsync(async db =>
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(a => a.Id == id));
            return await db.SaveChangesAsync();
        }));

        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Id == id)));
    }

    [Fact]
    public async Task DeletingAnAuditEntryThroughTheSynchronousSaveThrowsToo()
    {
        var id = await AddEntryAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => factory.WithDbAsync(async db =>
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(a => a.Id == id));
            return db.SaveChanges();
        }));
    }

    [Fact]
    public async Task AnOrganizationCreatedThroughTheApiIsAuditedOnceWithTheClientAsActor()
    {
        await factory.EnsureTerritoriesAsync();
        var clientName = $"Outil SIG {Guid.NewGuid():N}";
        var token = await factory.CreateApiClientAsync(Maillage.Features.Comptes.Role.Administrateur, name: clientName);
        var clientId = await factory.WithDbAsync(db => db.ApiClients.Where(c => c.Name == clientName).Select(c => c.Id).SingleAsync());
        using var api = factory.CreateApiClient(token);
        var name = $"Médiathèque {Guid.NewGuid():N}";

        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, "/api/v1/structures",
            new { name, kind = "Bibliotheque", communeCode = MaillageFactory.SaintEtienne });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var orgId = await factory.WithDbAsync(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

        var entries = await factory.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.TargetType == "structure" && a.TargetId == orgId.ToString()).ToListAsync());

        var entry = Assert.Single(entries);
        Assert.Equal(AuditActions.OrganizationCreated, entry.Action);
        Assert.Equal($"api:{clientId}", entry.ActorId);
        Assert.Equal(clientName, entry.ActorName);
        Assert.Equal(name, entry.Details);
    }
}
