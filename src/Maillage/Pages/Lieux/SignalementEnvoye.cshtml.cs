using Maillage.Data;
using Maillage.Features.Lieux.Search;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Maillage.Pages.Lieux;

/// <summary>The confirmation after « Signaler une erreur » (also shown to robots caught by the honeypot).</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class SignalementEnvoyeModel(AppDbContext db) : PageModel
{
    public int PlaceId { get; private set; }
    public string PlaceName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var place = await PlacesApi.PublishedPlaceAsync(db, id, ct);
        if (place is null)
        {
            return NotFound();
        }

        (PlaceId, PlaceName) = (place.Id, place.Name);
        return Page();
    }
}
