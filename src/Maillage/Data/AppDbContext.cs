using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux;
using Maillage.Features.Structures;
using Maillage.Features.Territoires;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Data;

/// <summary>The one model of the application. Provider-specific subclasses only carry their own migration set.</summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Territory> Territories => Set<Territory>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Grant> Grants => Set<Grant>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Place> Places => Set<Place>();
    public DbSet<PlaceChange> PlaceChanges => Set<PlaceChange>();
    public DbSet<Features.Lieux.Signalements.PlaceReport> PlaceReports => Set<Features.Lieux.Signalements.PlaceReport>();
    public DbSet<Features.Lieux.Doublons.PlaceDuplicateDismissal> PlaceDuplicateDismissals => Set<Features.Lieux.Doublons.PlaceDuplicateDismissal>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BeforeSave();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BeforeSave();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void BeforeSave()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("Le journal d'audit est en ajout seul : une entrée ne peut être ni modifiée ni supprimée.");
            }

            if (entry.Entity is IVersioned versioned && entry.State == EntityState.Modified)
            {
                versioned.Version++;
            }
        }
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or sort DateTimeOffset natively: store UTC ticks so queries translate.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
