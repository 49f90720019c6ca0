using Maillage.Features.Structures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Data.Configurations;

public sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.Siret).HasMaxLength(14);
        b.Property(o => o.Rna).HasMaxLength(10);
        b.Property(o => o.Address).HasMaxLength(300);
        b.Property(o => o.PostalCode).HasMaxLength(5);
        b.Property(o => o.Version).IsConcurrencyToken();
        b.HasIndex(o => o.Siret).IsUnique();
        b.HasIndex(o => o.Rna).IsUnique();
        b.HasIndex(o => o.Name);
        b.HasOne(o => o.Commune).WithMany().HasForeignKey(o => o.CommuneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(o => o.Territory).WithMany().HasForeignKey(o => o.TerritoryId).OnDelete(DeleteBehavior.Restrict);
    }
}
