using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Comptes;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Ateliers;

/// <summary>
/// Who sees and runs which sessions, from <see cref="ActivityAccess"/> (never re-implemented): advisors their own sessions,
/// Structure accounts and the coordination those of the organizations they manage, administrators all.
/// </summary>
public static class WorkshopAccess
{
    /// <summary>Sessions the user runs or manages.</summary>
    public static IQueryable<WorkshopSession> Visible(this ActivityAccess access, IQueryable<WorkshopSession> source)
    {
        if (access.ManagedOrganizationIds is null)
        {
            return source;
        }

        var self = access.UserId ?? "";
        var ids = access.ManagedOrganizationIds;
        return source.Where(s => s.Advisors.Any(a => a.AdvisorId == self) || ids.Contains(s.OrganizationId));
    }

    public static bool CanSee(this ActivityAccess access, WorkshopSession session) =>
        access.ManagedOrganizationIds is null || access.ManagedOrganizationIds.Contains(session.OrganizationId)
        || (access.UserId is { } self && session.Advisors.Any(a => a.AdvisorId == self));

    /// <summary>Organizations the user schedules sessions for: where they are advisor, and those they manage (null: all).</summary>
    public static IQueryable<int> SchedulingOrganizationIds(this ActivityAccess access, AppDbContext db)
    {
        if (access.ManagedOrganizationIds is null)
        {
            return db.Organizations.Select(o => o.Id);
        }

        var ids = access.RecordingOrganizationIds.Union(access.ManagedOrganizationIds).ToList();
        return db.Organizations.Where(o => ids.Contains(o.Id)).Select(o => o.Id);
    }

    public static bool CanSchedule(this ActivityAccess access) =>
        access.ManagedOrganizationIds is null || access.RecordingOrganizationIds.Count > 0 || access.ManagedOrganizationIds.Count > 0;

    /// <summary>The advisors of an organization (Conseiller grants), with the name the staff reads.</summary>
    public static async Task<List<AdvisorChoice>> AdvisorsOfAsync(AppDbContext db, int organizationId, CancellationToken ct)
    {
        var rows = await db.Grants.AsNoTracking().Where(g => g.Role == Role.Conseiller && g.OrganizationId == organizationId)
            .Select(g => new { g.UserId, Name = g.User!.DisplayName ?? g.User.Email! }).ToListAsync(ct);
        return [.. rows.DistinctBy(r => r.UserId).OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).Select(r => new AdvisorChoice(r.UserId, r.Name))];
    }

    /// <summary>Catalogue entries the user may use and edit: the shared ones (edited by administrators and coordinators) and their organizations'.</summary>
    public static IQueryable<WorkshopType> Catalogue(this ActivityAccess access, AppDbContext db)
    {
        if (access.ManagedOrganizationIds is null)
        {
            return db.WorkshopTypes;
        }

        var ids = access.RecordingOrganizationIds.Union(access.ManagedOrganizationIds).ToList();
        return db.WorkshopTypes.Where(t => t.OrganizationId == null || ids.Contains(t.OrganizationId.Value));
    }

    public static bool CanEdit(this ActivityAccess access, WorkshopType type) =>
        access.ManagedOrganizationIds is null
        || (type.OrganizationId is { } org ? access.RecordingOrganizationIds.Contains(org) || access.ManagedOrganizationIds.Contains(org) : access.Scope.Has(Role.Coordinateur));
}

public sealed record AdvisorChoice(string Id, string Name);
