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
    public DbSet<Features.Accompagnements.Activity> Activities => Set<Features.Accompagnements.Activity>();
    public DbSet<Features.Accompagnements.ActivityParticipant> ActivityParticipants => Set<Features.Accompagnements.ActivityParticipant>();
    public DbSet<Features.Accompagnements.ActivityParticipantCount> ActivityParticipantCounts => Set<Features.Accompagnements.ActivityParticipantCount>();
    public DbSet<Features.Accompagnements.Beneficiary> Beneficiaries => Set<Features.Accompagnements.Beneficiary>();
    public DbSet<Features.Agenda.AdvisorProfile> AdvisorProfiles => Set<Features.Agenda.AdvisorProfile>();
    public DbSet<Features.Agenda.AdvisorPlace> AdvisorPlaces => Set<Features.Agenda.AdvisorPlace>();
    public DbSet<Features.Agenda.Permanence> Permanences => Set<Features.Agenda.Permanence>();
    public DbSet<Features.Agenda.Absence> Absences => Set<Features.Agenda.Absence>();
    public DbSet<Features.Agenda.AppointmentMotif> AppointmentMotifs => Set<Features.Agenda.AppointmentMotif>();
    public DbSet<Features.Agenda.Appointment> Appointments => Set<Features.Agenda.Appointment>();
    public DbSet<Features.Agenda.WorkshopType> WorkshopTypes => Set<Features.Agenda.WorkshopType>();
    public DbSet<Features.Agenda.WorkshopSession> WorkshopSessions => Set<Features.Agenda.WorkshopSession>();
    public DbSet<Features.Agenda.WorkshopSessionAdvisor> WorkshopSessionAdvisors => Set<Features.Agenda.WorkshopSessionAdvisor>();
    public DbSet<Features.Agenda.Registration> Registrations => Set<Features.Agenda.Registration>();
    public DbSet<Features.Materiel.ItemCategory> ItemCategories => Set<Features.Materiel.ItemCategory>();
    public DbSet<Features.Materiel.Item> Items => Set<Features.Materiel.Item>();
    public DbSet<Features.Materiel.ItemAccessory> ItemAccessories => Set<Features.Materiel.ItemAccessory>();
    public DbSet<Features.Materiel.Kit> Kits => Set<Features.Materiel.Kit>();
    public DbSet<Features.Materiel.ItemEvent> ItemEvents => Set<Features.Materiel.ItemEvent>();
    public DbSet<Features.Materiel.Reservation> Reservations => Set<Features.Materiel.Reservation>();
    public DbSet<Features.Materiel.ReservationLine> ReservationLines => Set<Features.Materiel.ReservationLine>();
    public DbSet<Features.Materiel.MaintenanceTicket> MaintenanceTickets => Set<Features.Materiel.MaintenanceTicket>();
    public DbSet<Features.Materiel.MaintenancePlan> MaintenancePlans => Set<Features.Materiel.MaintenancePlan>();
    public DbSet<Features.Materiel.Campaign> Campaigns => Set<Features.Materiel.Campaign>();
    public DbSet<Features.Materiel.CampaignPrescriber> CampaignPrescribers => Set<Features.Materiel.CampaignPrescriber>();
    public DbSet<Features.Materiel.Referral> Referrals => Set<Features.Materiel.Referral>();
    public DbSet<Features.Materiel.OverdueDigest> OverdueDigests => Set<Features.Materiel.OverdueDigest>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var changes = BeforeSave();
        var result = base.SaveChanges(acceptAllChangesOnSuccess);
        AfterSave(changes);
        return result;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var changes = BeforeSave();
        var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        AfterSave(changes);
        return result;
    }

    /// <summary>Places written by this save, and whether a territory changed (a quartier's QPV flag is part of the public search).</summary>
    private sealed record PendingSignals(List<Place> Places, bool Territories);

    private static void AfterSave(PendingSignals changes)
    {
        // After the commit (or inside the caller's transaction: a rollback only costs a needless re-read).
        if (changes.Territories)
        {
            Features.Lieux.SearchIndex.PlaceDataSignal.EverythingChanged();
        }

        Features.Lieux.SearchIndex.PlaceDataSignal.PlacesChanged(changes.Places.Select(p => p.Id).ToList());
    }

    private PendingSignals BeforeSave()
    {
        var changes = new PendingSignals([], false);
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                if (entry.Entity is Place place)
                {
                    changes.Places.Add(place);
                }
                else if (entry.Entity is Territory && entry.State != EntityState.Added)
                {
                    changes = changes with { Territories = true };
                }
            }

            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("Le journal d'audit est en ajout seul : une entrée ne peut être ni modifiée ni supprimée.");
            }

            if (entry.Entity is IVersioned versioned && entry.State == EntityState.Modified)
            {
                versioned.Version++;
            }
        }

        return changes;
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

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcConverter>();
}
