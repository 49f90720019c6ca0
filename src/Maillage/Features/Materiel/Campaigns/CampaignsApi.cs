using Maillage.Data;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel.Campaigns;

public sealed record CampaignPrescriberDto(int Id, string Name);

/// <summary>A campaign as the API shows it; the figures only on a single campaign.</summary>
public sealed record CampaignDto(
    int Id, string Name, string? Description, string Eligibility, int? TargetCount, DateOnly StartsOn, DateOnly? EndsOn, bool IsActive, bool IsOpen,
    int OrganizationId, string Organization, IReadOnlyList<CampaignPrescriberDto> Prescribers, int Stock, CampaignFigures? Figures, uint Version);

/// <summary>A referral as the API answers its creation: no more personal data than was sent.</summary>
public sealed record ReferralCreatedDto(int Id, int CampaignId, int PrescriberOrganizationId, ReferralStatus Status, string? CommuneCode, DateTimeOffset CreatedAt, string ConsentPurpose);

/// <summary>/api/v1/materiel/campagnes: the campaigns the caller runs or prescribes for (same scope as the pages).</summary>
public static class CampaignsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var campaigns = api.MapGroup("/materiel/campagnes").WithTags("Matériel : campagnes").RequireAuthorization(Policies.ApiOrSession);
        campaigns.MapGet("/", List).WithName("ListCampaigns")
            .WithSummary("Campagnes d'ordinateurs reconditionnés que vous portez ou pour lesquelles votre structure oriente des personnes.");
        campaigns.MapGet("/{id:int}", Get).WithName("GetCampaign")
            .WithSummary("Une campagne et ses chiffres : stock, orientées, équipées (prêts, dons), rendus, prêts en retard, par prescripteur et par commune.");
        campaigns.MapPost("/{id:int}/orientations", Refer).WithName("CreateCampaignReferral")
            .WithSummary("Oriente une personne vers la campagne (prénom, nom, consentement obligatoires). Erreurs en français par champ.");
    }

    private static ProblemHttpResult Refused() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Accès refusé",
        detail: "Les campagnes d'ordinateurs sont réservées à l'administration, à la coordination et aux structures prescriptrices.");

    private static IQueryable<CampaignDto> Project(IQueryable<Campaign> q, AppDbContext db, DateOnly today) =>
        q.Select(c => new CampaignDto(
            c.Id, c.Name, c.Description, c.Eligibility, c.TargetCount, c.StartsOn, c.EndsOn, c.IsActive,
            c.IsActive && c.StartsOn <= today && (c.EndsOn == null || c.EndsOn >= today),
            c.OrganizationId, db.Organizations.Where(o => o.Id == c.OrganizationId).Select(o => o.Name).First(),
            c.Prescribers.OrderBy(p => p.Organization!.Name).Select(p => new CampaignPrescriberDto(p.OrganizationId, p.Organization!.Name)).ToList(),
            db.Items.Count(i => i.CampaignId == c.Id), null, c.Version));

    public static async Task<Results<Ok<List<CampaignDto>>, ProblemHttpResult>> List(AppDbContext db, ScopeAccessor scopes, CampaignService campaigns, CancellationToken ct)
    {
        var access = await CampaignAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasCampaigns)
        {
            return Refused();
        }

        return TypedResults.Ok(await Project(access.Campaigns(db.Campaigns.AsNoTracking()).OrderByDescending(c => c.StartsOn).ThenBy(c => c.Name), db, campaigns.Today).ToListAsync(ct));
    }

    public static async Task<Results<Ok<CampaignDto>, NotFound, ProblemHttpResult>> Get(int id, AppDbContext db, ScopeAccessor scopes, CampaignService campaigns, CancellationToken ct)
    {
        var access = await CampaignAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasCampaigns)
        {
            return Refused();
        }

        var dto = await Project(access.Campaigns(db.Campaigns.AsNoTracking()).Where(c => c.Id == id), db, campaigns.Today).FirstOrDefaultAsync(ct);
        return dto is null ? TypedResults.NotFound() : TypedResults.Ok(dto with { Figures = await campaigns.FiguresAsync(access, id, ct) });
    }

    private static Dictionary<string, string[]> Keys(IReadOnlyDictionary<string, string[]> errors) =>
        errors.ToDictionary(e => e.Key.Length == 0 ? "" : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value);

    public static async Task<Results<Created<ReferralCreatedDto>, ValidationProblem, NotFound, ProblemHttpResult>> Refer(
        int id, ReferralInput input, AppDbContext db, ScopeAccessor scopes, CampaignService campaigns, FleetService fleet, HttpContext http, CancellationToken ct)
    {
        var access = await CampaignAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasCampaigns)
        {
            return Refused();
        }

        var result = await campaigns.ReferAsync(access, id, input, BeneficiaryActor.Of(http.User), await fleet.ActorNameAsync(http.User, ct), ct);
        switch (result.Outcome)
        {
            case CampaignOutcome.NotFound:
                return TypedResults.NotFound();
            case CampaignOutcome.Forbidden:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Accès refusé", detail: "Votre structure n'oriente pas de personnes vers cette campagne.");
            case CampaignOutcome.Saved:
                break;
            default:
                return TypedResults.ValidationProblem(Keys(result.Errors), title: "Données invalides", detail: result.Errors.TryGetValue("", out var general) ? general[0] : null);
        }

        var dto = await db.Referrals.AsNoTracking().Where(r => r.Id == result.Id)
            .Select(r => new ReferralCreatedDto(r.Id, r.CampaignId, r.PrescriberOrganizationId, r.Status, r.CommuneCode, r.CreatedAt, r.ConsentPurpose)).SingleAsync(ct);
        return TypedResults.Created($"/api/v1/materiel/campagnes/{id}/orientations/{dto.Id}", dto);
    }
}
