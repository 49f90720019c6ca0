using Maillage.Features.Accompagnements;
using Maillage.Features.Lieux;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Data.Configurations;

public sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> b)
    {
        b.Property(a => a.LocationCommuneCode).HasMaxLength(5);
        b.Property(a => a.ProcedureName).HasMaxLength(200);
        b.Property(a => a.WorkshopTitle).HasMaxLength(200);
        b.Property(a => a.Notes).HasMaxLength(2000);
        b.Property(a => a.Tags).HasMaxLength(500);
        b.Property(a => a.BeneficiaryCommuneCode).HasMaxLength(5);
        b.Property(a => a.AdvisorId).HasMaxLength(64);
        b.Property(a => a.DeletedById).HasMaxLength(64);
        b.Property(a => a.IdempotencyKey).HasMaxLength(100);
        b.Property(a => a.Version).IsConcurrencyToken();

        // « Mes activités » (newest first, keyset on Date then Id) and an organization's figures, live records only: partial
        // indexes whose filter is the one EF Core writes for DeletedAt == null, so SQLite uses them too.
        // Both also carry every column the figures sum (keys, since SQLite has no INCLUDE), the id the joins need, and even
        // DeletedAt (always null here: SQLite counts an index as covering only if it holds the filter's column too). A year of
        // an organization's figures is then read from the index alone, instead of one table page per record.
        b.HasIndex(a => new
        {
            a.AdvisorId,
            a.Date,
            a.Id,
            a.Type,
            a.DurationMinutes,
            a.Location,
            a.Equipment,
            a.Themes,
            a.ProcedureFamilies,
            a.ParticipantCount,
            a.BeneficiaryId,
            a.BeneficiaryAgeBand,
            a.BeneficiaryGender,
            a.BeneficiaryStatus,
            a.DeletedAt,
        }).HasDatabaseName("IX_Activities_Advisor_Figures").HasFilter("\"DeletedAt\" IS NULL");
        b.HasIndex(a => new
        {
            a.OrganizationId,
            a.Date,
            a.Type,
            a.DurationMinutes,
            a.Location,
            a.Equipment,
            a.Themes,
            a.ProcedureFamilies,
            a.ParticipantCount,
            a.BeneficiaryId,
            a.BeneficiaryAgeBand,
            a.BeneficiaryGender,
            a.BeneficiaryStatus,
            a.Id,
            a.DeletedAt,
        }).HasDatabaseName("IX_Activities_Organization_Figures").HasFilter("\"DeletedAt\" IS NULL");
        b.HasIndex(a => new { a.AdvisorId, a.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
        b.HasIndex(a => a.BeneficiaryId);
        b.HasIndex(a => a.PlaceId);

        b.HasOne(a => a.Place).WithMany().HasForeignKey(a => a.PlaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Place>().WithMany().HasForeignKey(a => a.ReferralPlaceId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(a => a.Organization).WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.Beneficiary).WithMany().HasForeignKey(a => a.BeneficiaryId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Participants).WithOne(p => p.Activity).HasForeignKey(p => p.ActivityId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.AnonymousCounts).WithOne(c => c.Activity).HasForeignKey(c => c.ActivityId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ActivityParticipantConfiguration : IEntityTypeConfiguration<ActivityParticipant>
{
    public void Configure(EntityTypeBuilder<ActivityParticipant> b)
    {
        b.HasKey(p => new { p.ActivityId, p.BeneficiaryId });
        b.HasIndex(p => p.BeneficiaryId);
        b.HasOne(p => p.Beneficiary).WithMany().HasForeignKey(p => p.BeneficiaryId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ActivityParticipantCountConfiguration : IEntityTypeConfiguration<ActivityParticipantCount>
{
    public void Configure(EntityTypeBuilder<ActivityParticipantCount> b) => b.HasKey(c => new { c.ActivityId, c.Dimension, c.Value });
}

public sealed class BeneficiaryConfiguration : IEntityTypeConfiguration<Beneficiary>
{
    public void Configure(EntityTypeBuilder<Beneficiary> b)
    {
        b.Property(x => x.FirstName).HasMaxLength(100);
        b.Property(x => x.LastName).HasMaxLength(100);
        b.Property(x => x.SearchName).HasMaxLength(201);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.Email).HasMaxLength(256);
        b.Property(x => x.CommuneCode).HasMaxLength(5);
        b.Property(x => x.Notes).HasMaxLength(2000);
        b.Property(x => x.ConsentById).HasMaxLength(64);
        b.Property(x => x.ConsentPurpose).HasMaxLength(500);
        b.Property(x => x.CreatedById).HasMaxLength(64);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OrganizationId, x.SearchName });
        b.HasIndex(x => x.LastActivityOn).HasFilter("\"AnonymisedAt\" IS NULL");
        b.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
