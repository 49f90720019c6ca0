using Maillage.Features.Agenda;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Maillage.Data.Configurations;

public sealed class AdvisorProfileConfiguration : IEntityTypeConfiguration<AdvisorProfile>
{
    public void Configure(EntityTypeBuilder<AdvisorProfile> b)
    {
        b.Property(p => p.UserId).HasMaxLength(64);
        b.Property(p => p.PublicName).HasMaxLength(100);
        b.Property(p => p.Bio).HasMaxLength(1000);
        b.Property(p => p.Languages).HasMaxLength(200);
        b.Property(p => p.CalendarFeedTokenHash).HasMaxLength(64);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => p.UserId).IsUnique();
        b.HasIndex(p => p.CalendarFeedTokenHash).IsUnique().HasFilter("\"CalendarFeedTokenHash\" IS NOT NULL");
        b.HasIndex(p => p.OrganizationId);
        b.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(p => p.Organization).WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Places).WithOne(p => p.AdvisorProfile).HasForeignKey(p => p.AdvisorProfileId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AdvisorPlaceConfiguration : IEntityTypeConfiguration<AdvisorPlace>
{
    public void Configure(EntityTypeBuilder<AdvisorPlace> b)
    {
        b.HasKey(p => new { p.AdvisorProfileId, p.PlaceId });
        b.HasIndex(p => p.PlaceId);
        b.HasOne(p => p.Place).WithMany().HasForeignKey(p => p.PlaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PermanenceConfiguration : IEntityTypeConfiguration<Permanence>
{
    public void Configure(EntityTypeBuilder<Permanence> b)
    {
        b.Property(p => p.AdvisorId).HasMaxLength(64);
        b.Property(p => p.Notes).HasMaxLength(500);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => p.PlaceId);
        b.HasIndex(p => p.AdvisorId);
        b.HasOne(p => p.AdvisorProfile).WithMany().HasForeignKey(p => p.AdvisorProfileId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(p => p.Place).WithMany().HasForeignKey(p => p.PlaceId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("CK_Permanences_Range", "\"End\" > \"Start\""));
    }
}

public sealed class AbsenceConfiguration : IEntityTypeConfiguration<Absence>
{
    public void Configure(EntityTypeBuilder<Absence> b)
    {
        b.Property(a => a.AdvisorId).HasMaxLength(64);
        b.Property(a => a.Reason).HasMaxLength(200);
        b.Property(a => a.CreatedById).HasMaxLength(64);
        b.HasIndex(a => a.AdvisorId);
        b.HasIndex(a => a.PlaceId);
        b.HasOne(a => a.Place).WithMany().HasForeignKey(a => a.PlaceId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Absences_Range", "\"End\" > \"Start\"");
            t.HasCheckConstraint("CK_Absences_Target", "\"AdvisorId\" IS NOT NULL OR \"PlaceId\" IS NOT NULL");
        });
    }
}

public sealed class AppointmentMotifConfiguration : IEntityTypeConfiguration<AppointmentMotif>
{
    public void Configure(EntityTypeBuilder<AppointmentMotif> b)
    {
        b.Property(m => m.Name).HasMaxLength(120);
        b.Property(m => m.Description).HasMaxLength(500);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasIndex(m => m.OrganizationId);
        b.HasOne<Features.Structures.Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> b)
    {
        b.Property(a => a.AdvisorId).HasMaxLength(64);
        b.Property(a => a.ContactName).HasMaxLength(100);
        b.Property(a => a.ContactPhone).HasMaxLength(30);
        b.Property(a => a.ContactEmail).HasMaxLength(254);
        b.Property(a => a.ContactKey).HasMaxLength(254);
        b.Property(a => a.Message).HasMaxLength(500);
        b.Property(a => a.CancelledById).HasMaxLength(64);
        b.Property(a => a.CreatedById).HasMaxLength(64);
        b.Property(a => a.ManagementTokenHash).HasMaxLength(64);
        b.Property(a => a.ManagementNonce).HasMaxLength(64);
        b.Property(a => a.Version).IsConcurrencyToken();

        // The backstop of the booking lock: never two live appointments of one advisor starting at the same instant.
        b.HasIndex(a => new { a.AdvisorId, a.Start }).IsUnique().HasFilter("\"Status\" <> 4").HasDatabaseName("UX_Appointments_Advisor_Start_Live");
        // Covers the free-slots read (advisor, start range, end, live status) without touching the table.
        b.HasIndex(a => new { a.AdvisorId, a.Start, a.End, a.Status }).HasDatabaseName("IX_Appointments_Advisor_Start");
        b.HasIndex(a => new { a.PlaceId, a.Start });
        b.HasIndex(a => new { a.OrganizationId, a.Start });
        b.HasIndex(a => new { a.ContactKey, a.Start });
        b.HasIndex(a => new { a.Status, a.Start });
        b.HasIndex(a => a.ManagementTokenHash).IsUnique();
        b.HasOne(a => a.Place).WithMany().HasForeignKey(a => a.PlaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Features.Structures.Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.Motif).WithMany().HasForeignKey(a => a.MotifId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Permanence>().WithMany().HasForeignKey(a => a.PermanenceId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Features.Accompagnements.Activity>().WithMany().HasForeignKey(a => a.ActivityId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(a => a.Beneficiary).WithMany().HasForeignKey(a => a.BeneficiaryId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class WorkshopTypeConfiguration : IEntityTypeConfiguration<WorkshopType>
{
    public void Configure(EntityTypeBuilder<WorkshopType> b)
    {
        b.Property(w => w.Title).HasMaxLength(150);
        b.Property(w => w.Audience).HasMaxLength(100);
        b.Property(w => w.Description).HasMaxLength(2000);
        b.Property(w => w.Version).IsConcurrencyToken();
        b.HasIndex(w => w.OrganizationId);
        b.HasOne<Features.Structures.Organization>().WithMany().HasForeignKey(w => w.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class WorkshopSessionConfiguration : IEntityTypeConfiguration<WorkshopSession>
{
    public void Configure(EntityTypeBuilder<WorkshopSession> b)
    {
        b.Property(s => s.Notes).HasMaxLength(500);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasIndex(s => new { s.Start, s.Id });
        b.HasIndex(s => new { s.PlaceId, s.Start });
        b.HasIndex(s => new { s.OrganizationId, s.Start });
        b.HasIndex(s => s.WorkshopTypeId);
        b.HasOne(s => s.WorkshopType).WithMany().HasForeignKey(s => s.WorkshopTypeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(s => s.Place).WithMany().HasForeignKey(s => s.PlaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(s => s.Organization).WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Features.Accompagnements.Activity>().WithMany().HasForeignKey(s => s.ActivityId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(s => s.Advisors).WithOne(a => a.Session).HasForeignKey(a => a.WorkshopSessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(s => s.Registrations).WithOne(r => r.Session).HasForeignKey(r => r.WorkshopSessionId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t =>
        {
            // Backstop of the conditional « +1 below capacity » update.
            t.HasCheckConstraint("CK_WorkshopSessions_Capacity", "\"ConfirmedCount\" >= 0 AND \"ConfirmedCount\" <= \"Capacity\"");
            t.HasCheckConstraint("CK_WorkshopSessions_Range", "\"End\" > \"Start\"");
        });
    }
}

public sealed class WorkshopSessionAdvisorConfiguration : IEntityTypeConfiguration<WorkshopSessionAdvisor>
{
    public void Configure(EntityTypeBuilder<WorkshopSessionAdvisor> b)
    {
        b.Property(a => a.AdvisorId).HasMaxLength(64);
        b.HasKey(a => new { a.WorkshopSessionId, a.AdvisorId });
        b.HasIndex(a => a.AdvisorId);
    }
}

public sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> b)
    {
        b.Property(r => r.ContactName).HasMaxLength(100);
        b.Property(r => r.ContactPhone).HasMaxLength(30);
        b.Property(r => r.ContactEmail).HasMaxLength(254);
        b.Property(r => r.ContactKey).HasMaxLength(254);
        b.Property(r => r.ManagementTokenHash).HasMaxLength(64);
        b.Property(r => r.ManagementNonce).HasMaxLength(64);
        b.Property(r => r.CreatedById).HasMaxLength(64);
        b.HasIndex(r => new { r.WorkshopSessionId, r.Status, r.CreatedAt });

        // One live registration per person and session: a second one is « vous êtes déjà inscrit ».
        b.HasIndex(r => new { r.WorkshopSessionId, r.ContactKey }).IsUnique().HasFilter("\"Status\" <> 3");
        b.HasIndex(r => new { r.ContactKey, r.CreatedAt });
        b.HasIndex(r => r.ManagementTokenHash).IsUnique();
        b.HasOne<Features.Accompagnements.Beneficiary>().WithMany().HasForeignKey(r => r.BeneficiaryId).OnDelete(DeleteBehavior.SetNull);
    }
}
