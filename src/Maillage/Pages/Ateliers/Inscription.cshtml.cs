using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Maillage.Pages.Ateliers;

/// <summary>
/// The management link of a registration (no login): the confirmation page right after registering, then the page where the
/// person sees their status and cancels (with a confirmation step). An unknown or tampered link answers 404 with a French page.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(AgendaWorkshopsSetup.PublicPolicy)]
public sealed class InscriptionModel(RegistrationService registrations, WorkshopMails mails, ILogger<InscriptionModel> logger) : PageModel
{
    public Registration? Registration { get; private set; }

    public WorkshopSession Session => Registration!.Session!;

    public int? Position { get; private set; }

    public bool CanCancel { get; private set; }

    [BindProperty(SupportsGet = true, Name = "nouvelle")]
    public bool JustRegistered { get; set; }

    /// <summary>envoye, echec or aucun (no e-mail given): what to say about the confirmation e-mail.</summary>
    [BindProperty(SupportsGet = true, Name = "mail")]
    public string? Mail { get; set; }

    [BindProperty(SupportsGet = true, Name = "annulee")]
    public bool JustCancelled { get; set; }

    public bool Confirming { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct) => await LoadAsync(token, ct) ? Page() : Unknown();

    /// <summary>The confirmation step of « Annuler mon inscription ».</summary>
    public async Task<IActionResult> OnGetAnnulerAsync(string token, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct))
        {
            return Unknown();
        }

        Confirming = CanCancel;
        return Page();
    }

    public async Task<IActionResult> OnPostAnnulerAsync(string token, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct))
        {
            return Unknown();
        }

        if (!CanCancel)
        {
            return Page();
        }

        var outcome = await registrations.CancelAsync(Registration!.Id, CancelledBy.Person, ct);
        if (outcome.Cancelled)
        {
            await mails.SendCancelledAsync(Registration, Session, ct);
            foreach (var promoted in outcome.Promoted)
            {
                await mails.SendPromotedAsync(promoted, Session, ct);
            }

            logger.LogInformation("Registration {RegistrationId} cancelled by the person, {Promoted} promoted", Registration.Id, outcome.Promoted.Count);
        }

        return Redirect($"/ateliers/inscription/{Uri.EscapeDataString(token)}?annulee=true");
    }

    private IActionResult Unknown()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        Registration = null;
        return Page();
    }

    private async Task<bool> LoadAsync(string token, CancellationToken ct)
    {
        Registration = await registrations.FindByTokenAsync(token, ct);
        if (Registration?.Session is null)
        {
            return false;
        }

        Position = await registrations.WaitingPositionAsync(Registration, ct);
        CanCancel = registrations.CanCancel(Registration, Session);
        return true;
    }
}
