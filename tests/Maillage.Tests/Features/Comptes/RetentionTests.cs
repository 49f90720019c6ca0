using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Comptes;

[Trait("Category", "Database")]
public sealed class RetentionTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task ThePurgeDeletesOnlyWhatIsPastItsPeriodAndIsSafeToRunTwice()
    {
        var now = new DateTimeOffset(2027, 6, 1, 3, 0, 0, TimeSpan.Zero);
        var marker = Guid.NewGuid().ToString("N");
        var oldDeactivated = await factory.CreateUserAsync($"ancien-{marker}@test.maillage.fr", "mot de passe de test solide", Role.Lecteur, territoryCode: MaillageFactory.SaintEtienne);
        var recentDeactivated = await factory.CreateUserAsync($"recent-{marker}@test.maillage.fr", "mot de passe de test solide", Role.Lecteur, territoryCode: MaillageFactory.SaintEtienne);
        var active = await factory.CreateUserAsync($"actif-{marker}@test.maillage.fr", "mot de passe de test solide", Role.Lecteur, territoryCode: MaillageFactory.SaintEtienne);
        await factory.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Id == oldDeactivated.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false).SetProperty(u => u.DeactivatedAt, now.AddMonths(-13)));
            await db.Users.Where(u => u.Id == recentDeactivated.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false).SetProperty(u => u.DeactivatedAt, now.AddMonths(-2)));
            db.Invitations.AddRange(
                new Invitation { Email = $"expiree-{marker}@test.fr", DisplayName = "Expirée", TokenHash = Guid.NewGuid().ToString("N"), CreatedAt = now.AddMonths(-5), ExpiresAt = now.AddMonths(-4) },
                new Invitation { Email = $"encours-{marker}@test.fr", DisplayName = "En cours", TokenHash = Guid.NewGuid().ToString("N"), CreatedAt = now.AddDays(-1), ExpiresAt = now.AddDays(6) });
            db.AuditEntries.AddRange(
                new AuditEntry { At = now.AddMonths(-13), Action = AuditActions.Login, Details = $"vieux {marker}" },
                new AuditEntry { At = now.AddMonths(-1), Action = AuditActions.Login, Details = $"récent {marker}" });
            return await db.SaveChangesAsync();
        });

        var options = new RetentionOptions();
        var first = await factory.WithDbAsync(db => Retention.PurgeAsync(db, options, now));
        var second = await factory.WithDbAsync(db => Retention.PurgeAsync(db, options, now));

        Assert.Equal(1, first.Accounts);
        Assert.Equal(0, second.Accounts + second.Invitations + second.AuditEntries + second.ApiClients);
        var users = await factory.WithDbAsync(db => db.Users.Where(u => u.Email!.Contains(marker)).Select(u => u.Id).ToListAsync());
        Assert.Equal(new[] { recentDeactivated.Id, active.Id }.Order(), users.Order());
        Assert.False(await factory.WithDbAsync(db => db.Grants.AnyAsync(g => g.UserId == oldDeactivated.Id)));
        var invitations = await factory.WithDbAsync(db => db.Invitations.Where(i => i.Email.Contains(marker)).Select(i => i.DisplayName).ToListAsync());
        Assert.Equal(["En cours"], invitations);
        var audit = await factory.WithDbAsync(db => db.AuditEntries.Where(e => e.Details!.Contains(marker)).Select(e => e.Details).ToListAsync());
        Assert.Equal([$"récent {marker}"], audit);
    }
}
