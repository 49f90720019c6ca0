using Maillage.Features.Territoires;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Data.Configurations;

public sealed class TerritoryConfiguration : IEntityTypeConfiguration<Territory>
{
    public void Configure(EntityTypeBuilder<Territory> b)
    {
        b.Property(t => t.Code).HasMaxLength(32);
        b.Property(t => t.Name).HasMaxLength(200);
        b.Property(t => t.Path).HasMaxLength(200);
        b.Property(t => t.PostalCodes).HasMaxLength(200);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => new { t.Kind, t.Code }).IsUnique();
        b.HasIndex(t => t.Path).IsUnique();
        b.HasIndex(t => t.ParentId);
        b.HasIndex(t => t.Name);
        b.HasOne(t => t.Parent).WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
