using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Doublons;
using Maillage.Features.Lieux.Signalements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Data.Configurations;

public sealed class PlaceConfiguration : IEntityTypeConfiguration<Place>
{
    public void Configure(EntityTypeBuilder<Place> b)
    {
        b.Property(p => p.ImportSource).HasMaxLength(100);
        b.Property(p => p.SourceId).HasMaxLength(200);
        b.Property(p => p.Name).HasMaxLength(300);
        b.Property(p => p.Pivot).HasMaxLength(14);
        b.Property(p => p.CommuneName).HasMaxLength(200);
        b.Property(p => p.PostalCode).HasMaxLength(5);
        b.Property(p => p.InseeCode).HasMaxLength(5);
        b.Property(p => p.Address).HasMaxLength(500);
        b.Property(p => p.AddressComplement).HasMaxLength(500);
        b.Property(p => p.Phone).HasMaxLength(20);
        b.Property(p => p.Summary).HasMaxLength(280);
        b.Property(p => p.Theme).HasMaxLength(100);
        b.Property(p => p.CoordinatesSource).HasMaxLength(16);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => new { p.ImportSource, p.SourceId }).IsUnique();
        // Partial index: SQLite only uses an index on the search's "WHERE IsPublished" when the index has the same condition.
        b.HasIndex(p => new { p.Latitude, p.Longitude }).HasFilter("\"IsPublished\"");
        b.HasIndex(p => p.CommuneId);
        b.HasIndex(p => p.InseeCode);
        b.HasIndex(p => p.Name);
        b.HasOne(p => p.Organization).WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(p => p.Commune).WithMany().HasForeignKey(p => p.CommuneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Place>().WithMany().HasForeignKey(p => p.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.Quarter).WithMany().HasForeignKey(p => p.QuarterId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class PlaceChangeConfiguration : IEntityTypeConfiguration<PlaceChange>
{
    public void Configure(EntityTypeBuilder<PlaceChange> b)
    {
        b.Property(c => c.ActorId).HasMaxLength(PlaceChange.ActorIdMaxLength);
        b.Property(c => c.ActorName).HasMaxLength(PlaceChange.ActorNameMaxLength);
        b.Property(c => c.Kind).HasMaxLength(PlaceChange.KindMaxLength);
        b.Property(c => c.Summary).HasMaxLength(PlaceChange.SummaryMaxLength);
        b.HasIndex(c => new { c.PlaceId, c.At });
        b.HasOne(c => c.Place).WithMany().HasForeignKey(c => c.PlaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PlaceReportConfiguration : IEntityTypeConfiguration<PlaceReport>
{
    public void Configure(EntityTypeBuilder<PlaceReport> b)
    {
        b.Property(r => r.Topic).HasMaxLength(32);
        b.Property(r => r.Message).HasMaxLength(2000);
        b.Property(r => r.ContactEmail).HasMaxLength(256);
        b.Property(r => r.HandledById).HasMaxLength(64);
        b.Property(r => r.HandledByName).HasMaxLength(256);
        b.Property(r => r.Resolution).HasMaxLength(1000);
        b.HasIndex(r => new { r.Status, r.CreatedAt });
        b.HasIndex(r => r.PlaceId);
        b.HasOne(r => r.Place).WithMany().HasForeignKey(r => r.PlaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PlaceDuplicateDismissalConfiguration : IEntityTypeConfiguration<PlaceDuplicateDismissal>
{
    public void Configure(EntityTypeBuilder<PlaceDuplicateDismissal> b)
    {
        b.Property(d => d.DismissedById).HasMaxLength(64);
        b.Property(d => d.DismissedByName).HasMaxLength(256);
        b.HasIndex(d => new { d.FirstPlaceId, d.SecondPlaceId }).IsUnique();
        b.HasOne<Place>().WithMany().HasForeignKey(d => d.FirstPlaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Place>().WithMany().HasForeignKey(d => d.SecondPlaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
