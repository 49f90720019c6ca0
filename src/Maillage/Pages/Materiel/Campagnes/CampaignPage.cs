using Maillage.Data;
using Maillage.Features.Materiel.Campaigns;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Materiel.Campagnes;

/// <summary>What the campaign pages share: the user's campaign access and errors put on their fields.</summary>
public abstract class CampaignPage(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    protected AppDbContext Db => db;

    public CampaignAccess Access { get; private set; } = null!;

    protected async Task<CampaignAccess> AccessAsync(CancellationToken ct) => Access = await CampaignAccess.ForAsync(db, await scopes.GetAsync(ct), ct);

    /// <summary>The messages of one field, joined, for its error paragraph.</summary>
    public string Errors(string key) => string.Join(" ", ModelState[key]?.Errors.Select(e => e.ErrorMessage) ?? []);

    public string Invalid(string key) => ModelState[key]?.Errors.Count > 0 ? "true" : "false";

    protected void ShowErrors(CampaignResult result, string prefix)
    {
        ModelState.Clear();
        foreach (var (field, messages) in result.Errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field.Length == 0 ? "" : prefix + field, message);
            }
        }
    }
}
