using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Agenda;

/// <summary>
/// The advisor's private iCalendar feed: open it (the secret address is shown once: only its hash is kept), open a new one
/// (the old one stops working), or revoke it after a confirmation.
/// </summary>
public sealed class FluxModel(AppDbContext db, ScopeAccessor scopes, AppointmentStatusService service, IConfiguration configuration, TimeProvider clock) : AgendaPageModel(db, scopes)
{
    public AdvisorProfile Profile { get; private set; } = null!;

    /// <summary>Set only in the answer to « Créer » : the one time the address is shown.</summary>
    public string? FeedUrl { get; private set; }

    public bool ConfirmRevoke { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool revoquer, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        ConfirmRevoke = revoquer && Profile.CalendarFeedTokenHash is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var token = await service.OpenFeedAsync(Profile, ct);
        FeedUrl = $"{Request.PublicBaseUrl(configuration)}/agenda/flux/{token}.ics";
        // No redirect: the secret must not travel through a cookie or stay in the history.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        await service.RevokeFeedAsync(Profile, ct);
        TempData["Message"] = "Le lien d'agenda privé est révoqué : les calendriers abonnés ne reçoivent plus rien.";
        return Redirect("/agenda/flux");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.IsAdvisor || await access.OwnProfileAsync(Db, clock, ct) is not { } profile)
        {
            return Forbid();
        }

        Profile = profile;
        return null;
    }
}
