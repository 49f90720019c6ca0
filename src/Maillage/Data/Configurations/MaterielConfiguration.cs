using Maillage.Features.Materiel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Data.Configurations;

public sealed class ItemCategoryConfiguration : IEntityTypeConfiguration<ItemCategory>
{
    public void Configure(EntityTypeBuilder<ItemCategory> b)
    {
        b.Property(c => c.Name).HasMaxLength(80);
        b.Property(c => c.TagPrefix).HasMaxLength(6);
        b.HasIndex(c => c.Name).IsUnique();
        b.HasIndex(c => c.TagPrefix).IsUnique();
    }
}

public sealed class ItemConfiguration : IEntityTypeConfiguration<Item>
{
    public void Configure(EntityTypeBuilder<Item> b)
    {
        b.Property(i => i.Model).HasMaxLength(120);
        b.Property(i => i.SerialNumber).HasMaxLength(80);
        b.Property(i => i.AssetTag).HasMaxLength(20);
        b.Property(i => i.FundingSource).HasMaxLength(120);
        b.Property(i => i.Notes).HasMaxLength(2000);
        b.Property(i => i.Cost).HasPrecision(10, 2);
        b.Property(i => i.Version).IsConcurrencyToken();
        // The label's code opens the item: unique, and the lookup of every scan.
        b.HasIndex(i => i.AssetTag).IsUnique();
        b.HasIndex(i => new { i.CategoryId, i.SerialNumber }).IsUnique().HasFilter("\"SerialNumber\" IS NOT NULL");
        b.HasIndex(i => new { i.OrganizationId, i.Status, i.CategoryId });
        b.HasIndex(i => i.KitId);
        b.HasIndex(i => i.HomePlaceId);
        b.HasOne(i => i.Category).WithMany().HasForeignKey(i => i.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Features.Structures.Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(i => i.HomePlace).WithMany().HasForeignKey(i => i.HomePlaceId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(i => i.Kit).WithMany(k => k.Items).HasForeignKey(i => i.KitId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(i => i.Accessories).WithOne().HasForeignKey(a => a.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ItemAccessoryConfiguration : IEntityTypeConfiguration<ItemAccessory>
{
    public void Configure(EntityTypeBuilder<ItemAccessory> b) => b.Property(a => a.Name).HasMaxLength(80);
}

public sealed class KitConfiguration : IEntityTypeConfiguration<Kit>
{
    public void Configure(EntityTypeBuilder<Kit> b)
    {
        b.Property(k => k.Name).HasMaxLength(120);
        b.Property(k => k.Description).HasMaxLength(1000);
        b.Property(k => k.AssetTag).HasMaxLength(20);
        b.Property(k => k.Version).IsConcurrencyToken();
        b.HasIndex(k => k.AssetTag).IsUnique();
        b.HasOne<Features.Structures.Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ItemEventConfiguration : IEntityTypeConfiguration<ItemEvent>
{
    public void Configure(EntityTypeBuilder<ItemEvent> b)
    {
        b.Property(e => e.Text).HasMaxLength(500);
        b.Property(e => e.ActorId).HasMaxLength(64);
        b.Property(e => e.ActorName).HasMaxLength(200);
        b.HasIndex(e => new { e.ItemId, e.At });
        b.HasOne<Item>().WithMany().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ReservationConfiguration : IEntityTypeConfiguration<Reservation>
{
    public void Configure(EntityTypeBuilder<Reservation> b)
    {
        b.Property(r => r.Purpose).HasMaxLength(500);
        b.Property(r => r.Location).HasMaxLength(200);
        b.Property(r => r.RequestedById).HasMaxLength(64);
        b.Property(r => r.RequestedByName).HasMaxLength(200);
        b.Property(r => r.ContactEmail).HasMaxLength(254);
        b.Property(r => r.DecidedByName).HasMaxLength(200);
        b.Property(r => r.DecisionNote).HasMaxLength(500);
        b.Property(r => r.TakenBy).HasMaxLength(200);
        b.Property(r => r.AgreementName).HasMaxLength(200);
        b.Property(r => r.CheckedOutByName).HasMaxLength(200);
        b.Property(r => r.ReturnedByName).HasMaxLength(200);
        b.Property(r => r.ReturnNote).HasMaxLength(1000);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasIndex(r => new { r.Status, r.EndDate });
        b.HasIndex(r => new { r.BorrowerOrganizationId, r.StartDate });
        b.HasIndex(r => new { r.LenderOrganizationId, r.Status, r.StartDate });
        b.HasOne(r => r.Borrower).WithMany().HasForeignKey(r => r.BorrowerOrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Features.Structures.Organization>().WithMany().HasForeignKey(r => r.LenderOrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.Kit).WithMany().HasForeignKey(r => r.KitId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.ReservationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ReservationLineConfiguration : IEntityTypeConfiguration<ReservationLine>
{
    public void Configure(EntityTypeBuilder<ReservationLine> b)
    {
        b.Property(l => l.AccessoriesOut).HasMaxLength(1000);
        b.Property(l => l.MissingAccessories).HasMaxLength(1000);
        // The overlap check and the availability calendar: the holding lines of an item by period.
        b.HasIndex(l => new { l.ItemId, l.Holds, l.StartDate, l.EndDate });
        // The calendar's window: only holding lines, partial, so past history never weighs (SQLite skips a plain index on a bare boolean).
        b.HasIndex(l => new { l.EndDate, l.StartDate, l.ItemId }).HasFilter("\"Holds\"");
        b.HasIndex(l => l.ReservationId);
        b.HasOne(l => l.Item).WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class MaintenanceTicketConfiguration : IEntityTypeConfiguration<MaintenanceTicket>
{
    public void Configure(EntityTypeBuilder<MaintenanceTicket> b)
    {
        b.Property(t => t.Reason).HasMaxLength(200);
        b.Property(t => t.Details).HasMaxLength(2000);
        b.Property(t => t.OpenedByName).HasMaxLength(200);
        b.Property(t => t.ClosedByName).HasMaxLength(200);
        b.Property(t => t.Resolution).HasMaxLength(1000);
        b.HasIndex(t => new { t.ItemId, t.Status });
        b.HasIndex(t => new { t.Status, t.OpenedAt });
        b.HasIndex(t => new { t.PlanId, t.ItemId, t.OpenedAt });
        b.HasOne(t => t.Item).WithMany().HasForeignKey(t => t.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(t => t.Plan).WithMany().HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Reservation>().WithMany().HasForeignKey(t => t.ReservationId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class MaintenancePlanConfiguration : IEntityTypeConfiguration<MaintenancePlan>
{
    public void Configure(EntityTypeBuilder<MaintenancePlan> b)
    {
        b.Property(p => p.Name).HasMaxLength(120);
        b.Property(p => p.Instructions).HasMaxLength(1000);
        b.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Features.Structures.Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Description).HasMaxLength(2000);
        b.Property(c => c.Eligibility).HasMaxLength(1000);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => c.Name).IsUnique();
        b.HasOne<Features.Structures.Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Prescribers).WithOne().HasForeignKey(p => p.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany<Item>().WithOne().HasForeignKey(i => i.CampaignId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class CampaignPrescriberConfiguration : IEntityTypeConfiguration<CampaignPrescriber>
{
    public void Configure(EntityTypeBuilder<CampaignPrescriber> b)
    {
        b.HasKey(p => new { p.CampaignId, p.OrganizationId });
        b.HasOne(p => p.Organization).WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> b)
    {
        b.Property(r => r.FirstName).HasMaxLength(100);
        b.Property(r => r.LastName).HasMaxLength(100);
        b.Property(r => r.CommuneCode).HasMaxLength(5);
        b.Property(r => r.CommuneName).HasMaxLength(100);
        b.Property(r => r.Phone).HasMaxLength(20);
        b.Property(r => r.Email).HasMaxLength(254);
        b.Property(r => r.Need).HasMaxLength(500);
        b.Property(r => r.ConsentPurpose).HasMaxLength(1000);
        b.Property(r => r.CreatedById).HasMaxLength(64);
        b.Property(r => r.CreatedByName).HasMaxLength(200);
        b.Property(r => r.AttributedByName).HasMaxLength(200);
        b.Property(r => r.AgreementSignedName).HasMaxLength(200);
        b.Property(r => r.ReturnNote).HasMaxLength(1000);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasIndex(r => new { r.CampaignId, r.Status });
        b.HasIndex(r => new { r.PrescriberOrganizationId, r.CreatedAt });
        // One live attribution per device: a device is never handed to two people at once.
        b.HasIndex(r => r.ItemId).IsUnique().HasFilter("\"ItemId\" IS NOT NULL AND \"Status\" = 1");
        b.HasOne(r => r.Campaign).WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.Prescriber).WithMany().HasForeignKey(r => r.PrescriberOrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.Item).WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class OverdueDigestConfiguration : IEntityTypeConfiguration<OverdueDigest>
{
    public void Configure(EntityTypeBuilder<OverdueDigest> b) => b.HasKey(d => new { d.LenderOrganizationId, d.Day });
}
