using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Conseillers;

/// <summary>
/// Who sees and changes what in the advisors' agenda, built on <see cref="ActivityAccess"/> (the same organizations as
/// activity records): an advisor their own profile, hours, absences and appointments; Structure accounts and the territory's
/// coordination those of the organizations they manage; administrators everything. Readers (Lecteur) see no agenda.
/// </summary>
public sealed class AgendaAccess
{
    private AgendaAccess(ActivityAccess activities) => Activities = activities;

    public ActivityAccess Activities { get; }

    public string? UserId => Activities.UserId;

    /// <summary>Organizations whose advisors' agenda the user manages; null means all (administrator).</summary>
    public IReadOnlyList<int>? Managed => Activities.ManagedOrganizationIds;

    public bool IsAdvisor => Activities.CanRecord && UserId is not null;

    public bool IsManager => Managed is null || Managed.Count > 0;

    /// <summary>True for the pages of the advisor's side: an advisor, or someone who manages advisors.</summary>
    public bool CanUseAgenda => IsAdvisor || IsManager;

    /// <summary>Structure accounts, coordinators and administrators manage motifs and closures of places.</summary>
    public bool CanManageMotifs => Activities.Scope.Has(Role.Administrateur, Role.Coordinateur, Role.Structure) && IsManager;

    public static async Task<AgendaAccess> ForAsync(AppDbContext db, ScopeAccessor scopes, CancellationToken ct = default) =>
        new(await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct));

    public static async Task<AgendaAccess> ForAsync(AppDbContext db, UserScope scope, CancellationToken ct = default) =>
        new(await ActivityAccess.ForAsync(db, scope, ct));

    public bool ManagesOrganization(int organizationId) => Managed is null || Managed.Contains(organizationId);

    public IQueryable<AdvisorProfile> Profiles(IQueryable<AdvisorProfile> source)
    {
        if (Managed is null)
        {
            return source;
        }

        var self = UserId ?? "";
        var ids = Managed;
        return source.Where(p => p.UserId == self || ids.Contains(p.OrganizationId));
    }

    public IQueryable<Permanence> Permanences(IQueryable<Permanence> source)
    {
        if (Managed is null)
        {
            return source;
        }

        var self = UserId ?? "";
        var ids = Managed;
        return source.Where(p => p.AdvisorId == self || ids.Contains(p.AdvisorProfile!.OrganizationId));
    }

    public IQueryable<Appointment> Appointments(IQueryable<Appointment> source)
    {
        if (Managed is null)
        {
            return source;
        }

        var self = UserId ?? "";
        var ids = Managed;
        return ids.Count == 0 ? source.Where(a => a.AdvisorId == self) : source.Where(a => a.AdvisorId == self || ids.Contains(a.OrganizationId));
    }

    public bool CanChange(AdvisorProfile profile) => profile.UserId == UserId || ManagesOrganization(profile.OrganizationId);

    /// <summary>Motifs the user reads: the instance's shared ones, their organizations' ones.</summary>
    public IQueryable<AppointmentMotif> Motifs(IQueryable<AppointmentMotif> source)
    {
        if (Managed is null)
        {
            return source;
        }

        var ids = Managed.Union(Activities.RecordingOrganizationIds).ToList();
        return source.Where(m => m.OrganizationId == null || ids.Contains(m.OrganizationId.Value));
    }

    /// <summary>Shared motifs (no organization) are the administrators' to change; the others, their organization's managers'.</summary>
    public bool CanChange(AppointmentMotif motif) =>
        CanManageMotifs && (motif.OrganizationId is { } id ? ManagesOrganization(id) : Managed is null);

    /// <summary>The user's own profile, created on first visit for an advisor (public name from the account's display name).</summary>
    public async Task<AdvisorProfile?> OwnProfileAsync(AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (UserId is not { } userId)
        {
            return null;
        }

        var profile = await db.AdvisorProfiles.Include(p => p.Places).FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (profile is not null || !IsAdvisor)
        {
            return profile;
        }

        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstAsync(ct);
        profile = new AdvisorProfile
        {
            UserId = userId,
            OrganizationId = Activities.RecordingOrganizationIds[0],
            PublicName = PublicNameOf(name),
            CreatedAt = clock.GetUtcNow(),
        };
        db.AdvisorProfiles.Add(profile);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two first visits at once: the unique index kept one profile; read it.
            db.ChangeTracker.Clear();
            profile = await db.AdvisorProfiles.Include(p => p.Places).FirstAsync(p => p.UserId == userId, ct);
        }

        return profile;
    }

    /// <summary>« Samia Benali » → « Samia B. »: the public reads a first name and an initial unless the advisor says more.</summary>
    public static string PublicNameOf(string displayName)
    {
        var parts = displayName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (displayName.Contains('@', StringComparison.Ordinal) || parts.Length == 0)
        {
            return "Conseiller numérique";
        }

        var name = parts.Length == 1 ? parts[0] : $"{parts[0]} {char.ToUpperInvariant(parts[^1][0])}.";
        return name.Length > 100 ? name[..100] : name;
    }
}
