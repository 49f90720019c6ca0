using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Activites;

/// <summary>
/// « Mes activités »: an advisor's own records, or for a manager those of the organizations they manage (with an
/// organization and advisor filter); filters by period, type, theme and place, keyset paging so that any page is fast.
/// </summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes) : ActivityPageModel(db, scopes)
{
    [BindProperty(SupportsGet = true, Name = "du")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public ActivityType? Type { get; set; }

    [BindProperty(SupportsGet = true, Name = "thematique")]
    public ActivityTheme? Theme { get; set; }

    [BindProperty(SupportsGet = true, Name = "lieu")]
    public int? PlaceId { get; set; }

    [BindProperty(SupportsGet = true, Name = "structure")]
    public int? OrganizationId { get; set; }

    /// <summary>An advisor's account id, or « moi ».</summary>
    [BindProperty(SupportsGet = true, Name = "conseiller")]
    public string? Advisor { get; set; }

    [BindProperty(SupportsGet = true, Name = "tri")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "apres")]
    public string? After { get; set; }

    public ActivityPage Results { get; private set; } = new([], null);
    public bool CanRecord { get; private set; }
    public bool ReadsOthers { get; private set; }
    public bool CanOpenBeneficiaries { get; private set; }
    public bool CanSeeStatistics { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Organizations { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> Advisors { get; private set; } = [];
    public IReadOnlyList<PlaceChoice> Places { get; private set; } = [];
    public IReadOnlyDictionary<string, string> AdvisorNames { get; private set; } = new Dictionary<string, string>();
    public bool Filtered => From is not null || To is not null || Type is not null || Theme is not null || PlaceId is not null || OrganizationId is not null || Advisor is not null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        CanRecord = access.CanRecord;
        ReadsOthers = access.ReadsOthers;
        CanOpenBeneficiaries = access.CanOpenBeneficiaries;
        CanSeeStatistics = access.CanSeeStatistics;
        if (!CanRecord && !ReadsOthers)
        {
            // Readers see figures, never records.
            return CanSeeStatistics ? Redirect("/activites/statistiques") : Forbid();
        }

        if (From is { } f && To is { } t && f > t)
        {
            ModelState.AddModelError("du", "La date de début doit précéder la date de fin.");
        }

        if (ReadsOthers)
        {
            var managed = Db.Organizations.AsNoTracking().Where(o => access.ManagedOrganizationIds == null || access.ManagedOrganizationIds.Contains(o.Id));
            Organizations = [.. (await managed.OrderBy(o => o.Name).Take(300).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name))];
            if (OrganizationId is { } org && Organizations.All(o => o.Id != org) && access.ManagedOrganizationIds is not null)
            {
                return NotFound();
            }

            if (OrganizationId is { } chosen)
            {
                Advisors = [.. (await Db.Grants.AsNoTracking().Where(g => g.Role == Role.Conseiller && g.OrganizationId == chosen)
                    .Select(g => new { g.UserId, g.User!.DisplayName }).Distinct().OrderBy(u => u.DisplayName).ToListAsync(ct)).Select(u => (u.UserId, u.DisplayName))];
            }
        }

        var advisorId = Advisor switch
        {
            "moi" => access.UserId,
            { Length: > 0 } id when ReadsOthers => id,
            _ when !ReadsOthers => access.UserId,
            _ => null,
        };

        var organizationForPlaces = OrganizationId ?? access.RecordingOrganizationIds.FirstOrDefault();
        if (organizationForPlaces != 0)
        {
            var service = HttpContext.RequestServices.GetRequiredService<ActivityService>();
            Places = await service.PlacesOf(organizationForPlaces).AsNoTracking().OrderBy(p => p.Name).Select(p => new PlaceChoice(p.Id, p.Name, p.CommuneName)).Take(300).ToListAsync(ct);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var filter = new ActivityFilter(From, To, Type, Theme, PlaceId, advisorId, OrganizationId, Sort == "ancien" ? ActivitySort.DateAsc : ActivitySort.DateDesc);
        Results = await ActivityList.QueryAsync(Db, access, filter, After, ActivityList.DefaultPageSize, ct);
        if (ReadsOthers)
        {
            var ids = Results.Items.Select(i => i.AdvisorId).Distinct().ToList();
            AdvisorNames = await Db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        }

        return Page();
    }

    /// <summary>The current filters as query values, for the next-page link.</summary>
    public Dictionary<string, string?> RouteValues(string? after) => new()
    {
        ["du"] = From?.ToString("yyyy-MM-dd"),
        ["au"] = To?.ToString("yyyy-MM-dd"),
        ["type"] = Type?.ToString(),
        ["thematique"] = Theme?.ToString(),
        ["lieu"] = PlaceId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["structure"] = OrganizationId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["conseiller"] = Advisor,
        ["tri"] = Sort,
        ["apres"] = after,
    };
}
