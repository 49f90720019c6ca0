using Maillage.Data;
using Maillage.Features.Agenda.Booking;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Maillage.Pages.RendezVous;

/// <summary>Cancelling through the link: a confirmation step, then a conditional update and a cancellation e-mail (.ics METHOD:CANCEL).</summary>
[AllowAnonymous]
[EnableRateLimiting(BookingLimits.Policy)]
public sealed class AnnulerModel(AppDbContext db, BookingService booking, BookingNotifier notifier, IConfiguration config) : ManageModelBase(booking)
{
    public bool Found { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Found = await LoadAsync(db, ct);
        return Found && !CanManage ? Redirect($"/rendez-vous/gerer/{Token}") : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Found = await LoadAsync(db, ct);
        if (!Found)
        {
            return Page();
        }

        if (!await Booking.CancelByPersonAsync(Appointment!, ct))
        {
            return Redirect($"/rendez-vous/gerer/{Token}");
        }

        var delivered = await notifier.SendAsync(Appointment!, BookingNotifier.Kind.Cancelled, Request.PublicBaseUrl(config), null, ct);
        return Redirect($"/rendez-vous/gerer/{Token}?annule=true{(delivered ? "" : "&envoi=echec")}");
    }
}
