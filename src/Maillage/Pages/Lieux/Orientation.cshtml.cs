using Maillage.Data;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Search;
using Maillage.Features.Lieux.Standard;
using Maillage.Shared.OpeningHours;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Maillage.Pages.Lieux;

/// <summary>
/// « Fiche d'orientation »: what a mediator prints and hands to a person (one A4 page: address, hours in plain French,
/// phone, services, publics, and a QR code to the public fiche). The QR code is an SVG image of its own
/// (handler "qr"), so the page needs neither inline style nor script.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class OrientationModel(AppDbContext db, IConfiguration config) : PageModel
{
    public Place Place { get; private set; } = null!;
    public IReadOnlyList<string> WeeklyLines { get; private set; } = [];
    public IReadOnlyList<LabelledList> Lists { get; private set; } = [];

    public string FicheUrl => FicheUrlOf(Request, config, Place.Id);

    public static string FicheUrlOf(HttpRequest request, IConfiguration config, int id) => $"{request.PublicBaseUrl(config)}/lieux/{id}";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var place = await PlacesApi.PublishedPlaceAsync(db, id, ct);
        if (place is null)
        {
            return NotFound();
        }

        Place = place;
        WeeklyLines = FicheModel.WeeklyLinesOf(place);
        Lists = FicheModel.PublicLists(place, withSupportModes: false);
        return Page();
    }

    /// <summary>GET /lieux/{id}/orientation?handler=qr: the QR code of the fiche's address, as SVG (published places only).</summary>
    public async Task<IActionResult> OnGetQrAsync(int id, CancellationToken ct)
    {
        var place = await PlacesApi.PublishedPlaceAsync(db, id, ct);
        if (place is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "public, max-age=86400";
        return Content(QrSvg(FicheUrlOf(Request, config, id)), "image/svg+xml");
    }

    public static string QrSvg(string text) => QrCodes.Svg(text);
}
