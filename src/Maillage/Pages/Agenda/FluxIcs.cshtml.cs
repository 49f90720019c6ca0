using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Maillage.Pages.Agenda;

/// <summary>The private feed itself: anonymous (calendars cannot sign in), the secret in the address; 404 when unknown or revoked.</summary>
[EnableRateLimiting(RateLimits.Public)]
public sealed class FluxIcsModel(AppointmentStatusService service) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        if (await service.FeedAsync(token, ct) is not { } ics)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, no-store";
        return Content(ics, AgendaCalendar.ContentType);
    }
}
