using Maillage.Features.Comptes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Data.Configurations;

public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.HasMany(u => u.Grants).WithOne(g => g.User).HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class GrantConfiguration : IEntityTypeConfiguration<Grant>
{
    public void Configure(EntityTypeBuilder<Grant> b)
    {
        b.HasIndex(g => new { g.UserId, g.Role, g.TerritoryId, g.OrganizationId }).IsUnique();
        b.HasOne(g => g.Territory).WithMany().HasForeignKey(g => g.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(g => g.Organization).WithMany().HasForeignKey(g => g.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.Property(i => i.Email).HasMaxLength(256);
        b.Property(i => i.DisplayName).HasMaxLength(200);
        b.Property(i => i.TokenHash).HasMaxLength(64);
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasIndex(i => i.Email);
        b.HasOne(i => i.Territory).WithMany().HasForeignKey(i => i.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(i => i.Organization).WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> b)
    {
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.TokenHash).HasMaxLength(64);
        b.Property(c => c.TokenPrefix).HasMaxLength(16);
        b.HasIndex(c => c.TokenHash).IsUnique();
        b.HasOne(c => c.Territory).WithMany().HasForeignKey(c => c.TerritoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(c => c.Organization).WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
