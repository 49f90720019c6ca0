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
