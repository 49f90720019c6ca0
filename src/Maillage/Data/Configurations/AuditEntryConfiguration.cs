using Maillage.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Data.Configurations;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.ActorId).HasMaxLength(64);
        b.Property(a => a.ActorName).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(64);
        b.Property(a => a.TargetType).HasMaxLength(64);
        b.Property(a => a.TargetId).HasMaxLength(64);
        b.Property(a => a.Details).HasMaxLength(1000);
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.Action, a.At });
        b.HasIndex(a => new { a.ActorId, a.At });
    }
}
