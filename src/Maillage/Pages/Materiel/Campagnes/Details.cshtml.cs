using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Features.Materiel.Campaigns;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel.Campagnes;

public sealed record ReferralRow(int Id, string? FirstName, string? LastName, string Prescriber, string? Commune, ReferralStatus Status, AttributionKind? Kind, string? AssetTag, DateOnly? DueDate, DateTimeOffset CreatedAt, bool Anonymised);

/// <summary>/materiel/campagnes/{id}: the campaign, its figures and its referrals (a prescriber sees only their own organizations').</summary>
public sealed class DetailsModel(AppDbContext db, ScopeAccessor scopes, CampaignService campaigns) : CampaignPage(db, scopes)
{
    [FromQuery(Name = "statut")]
    public ReferralStatus? Status { get; set; }

    [FromQuery(Name = "prescripteur")]
    public int? PrescriberId { get; set; }

    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public Campaign Campaign { get; private set; } = null!;
    public string Owner { get; private set; } = "";
    public bool Manages { get; private set; }
    public bool IsOpen { get; private set; }
    public bool CanRefer { get; private set; }
    public DateOnly Today { get; private set; }
    public CampaignFigures Figures { get; private set; } = null!;
    public List<(int Id, string Name)> Prescribers { get; private set; } = [];
    public Paged<ReferralRow> Referrals { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);
    public bool Filtered => Status is not null || PrescriberId is not null;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var campaign = await access.Campaigns(Db.Campaigns.AsNoTracking()).Include(c => c.Prescribers).ThenInclude(p => p.Organization).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
        {
            return NotFound();
        }

        Campaign = campaign;
        Today = campaigns.Today;
        Owner = await Db.Organizations.Where(o => o.Id == campaign.OrganizationId).Select(o => o.Name).SingleAsync(ct);
        Manages = access.Manages(campaign.OrganizationId);
        IsOpen = CampaignService.IsOpen(campaign, Today);
        Prescribers = await campaigns.PrescribersForAsync(access, campaign, ct);
        CanRefer = IsOpen && Prescribers.Count > 0;
        Figures = await campaigns.FiguresAsync(access, id, ct);

        var query = access.Referrals(Db.Referrals.AsNoTracking()).Where(r => r.CampaignId == id);
        if (Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }

        if (PrescriberId is { } prescriber)
        {
            query = query.Where(r => r.PrescriberOrganizationId == prescriber);
        }

        var (page, size) = Paging.Normalize(PageNumber, null);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((page - 1) * size).Take(size)
            .Select(r => new ReferralRow(r.Id, r.FirstName, r.LastName, r.Prescriber!.Name, r.CommuneName, r.Status, r.Kind, r.Item!.AssetTag, r.DueDate, r.CreatedAt, r.AnonymisedAt != null))
            .ToListAsync(ct);
        Referrals = new Paged<ReferralRow>(rows, page, size, total);
        return Page();
    }
}
