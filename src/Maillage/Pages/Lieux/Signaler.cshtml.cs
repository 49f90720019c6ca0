using Maillage.Data;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Search;
using Maillage.Features.Lieux.Signalements;
using Maillage.Shared.Email;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Maillage.Pages.Lieux;

/// <summary>« Signaler une erreur » on a published place, without an account; the report lands in the coordinators' queue.</summary>
[AllowAnonymous]
[EnableRateLimiting(PlaceReportLimits.Policy)]
public sealed class SignalerModel(AppDbContext db, TimeProvider clock, IMailer mailer, IConfiguration config, ILogger<SignalerModel> logger) : PageModel
{
    [BindProperty]
    public PlaceReportInput Input { get; set; } = new();

    public Place Place { get; private set; } = null!;

    public static IReadOnlyList<(string Code, string Label)> Topics => PlaceReportTopics.All;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var place = await PlacesApi.PublishedPlaceAsync(db, id, ct);
        if (place is null)
        {
            return NotFound();
        }

        Place = place;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var place = await PlacesApi.PublishedPlaceAsync(db, id, ct);
        if (place is null)
        {
            return NotFound();
        }

        Place = place;
        if (!string.IsNullOrEmpty(Input.Website))
        {
            // A robot filled the hidden field: it sees the usual confirmation, nothing is stored.
            logger.LogInformation("Place report dropped by the honeypot for place {PlaceId}", id);
            return Redirect($"/lieux/{id}/signalement-envoye");
        }

        Input.Message = Input.Message?.Trim();
        Input.ContactEmail = string.IsNullOrWhiteSpace(Input.ContactEmail) ? null : Input.ContactEmail.Trim();
        ModelState.ClearValidationState(nameof(Input));
        if (TryValidateModel(Input, nameof(Input)) && !PlaceReportTopics.IsKnown(Input.Topic))
        {
            ModelState.AddModelError("Input.Topic", "Choisissez ce qui est faux sur cette fiche parmi les choix proposés.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var report = new PlaceReport
        {
            PlaceId = place.Id,
            Topic = Input.Topic!,
            Message = Input.Message!,
            ContactEmail = Input.ContactEmail,
            CreatedAt = clock.GetUtcNow(),
        };
        db.PlaceReports.Add(report);
        await db.SaveChangesAsync(ct);
        await PlaceReportNotifier.NotifyAsync(db, mailer, logger, report, place, Request.PublicBaseUrl(config), ct);
        return Redirect($"/lieux/{id}/signalement-envoye");
    }
}
