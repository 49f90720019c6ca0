using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Ateliers;

/// <summary>A session for its staff: details, the people registered and waiting, and the actions (edit, attendance, cancel).</summary>
public sealed class DetailsModel(AppDbContext db, ScopeAccessor scopes, TimeProvider clock) : StaffPage(db, scopes)
{
    public WorkshopSession Session { get; private set; } = null!;

    public List<Registration> Confirmed { get; private set; } = [];

    public List<Registration> Waiting { get; private set; } = [];

    public List<string> AdvisorNames { get; private set; } = [];

    public bool Started => Session.Start <= clock.GetUtcNow();

    /// <summary>Names of the linked files the user may open, by registration.</summary>
    public Dictionary<long, string> FileNames { get; private set; } = [];

    public bool CanLinkFiles => NamedFiles.CanLink(Access, Session.OrganizationId);

    /// <summary>Registrations change until the attendance is closed (a person who phoned, a place given by hand).</summary>
    public bool Editable => Session.Status == WorkshopSessionStatus.Scheduled && Session.AttendanceClosedAt is null;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await SessionAsync(id, ct) is not { } session)
        {
            return NotFound();
        }

        Session = session;
        var registrations = await Db.Registrations.AsNoTracking().Where(r => r.WorkshopSessionId == id && r.Status != RegistrationStatus.Cancelled).OrderBy(r => r.Id).ToListAsync(ct);
        Confirmed = [.. registrations.Where(r => r.Status == RegistrationStatus.Confirmed)];
        Waiting = [.. registrations.Where(r => r.Status == RegistrationStatus.Waiting)];
        var fileIds = Confirmed.Where(r => r.BeneficiaryId is not null).Select(r => r.BeneficiaryId!.Value).Distinct().ToList();
        var names = await Access.Beneficiaries(Db.Beneficiaries.AsNoTracking()).Where(b => fileIds.Contains(b.Id))
            .Select(b => new { b.Id, Name = ((b.FirstName ?? "") + " " + (b.LastName ?? "")).Trim() })
            .ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        FileNames = Confirmed.Where(r => r.BeneficiaryId is { } f && names.ContainsKey(f)).ToDictionary(r => r.Id, r => names[r.BeneficiaryId!.Value]);
        var ids = session.Advisors.Select(a => a.AdvisorId).ToList();
        AdvisorNames = await Db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => u.DisplayName ?? u.Email!).ToListAsync(ct);
        return Page();
    }
}
