using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Booking;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.RendezVous;

/// <summary>
/// The pages of a management link (see, cancel, move). The token is the only key: unknown or tampered answers 404 with a
/// plain French page; past the cut-off the appointment is shown and nothing can be changed.
/// </summary>
public abstract class ManageModelBase(BookingService booking) : PageModel
{
    [FromRoute(Name = "token")]
    public string Token { get; set; } = "";

    public Appointment? Appointment { get; private set; }
    public AppointmentSummary? Summary { get; private set; }
    public bool CanManage { get; private set; }
    public DateTimeOffset Deadline { get; private set; }
    public string? PlacePhone { get; private set; }

    protected BookingService Booking => booking;

    /// <summary>Loads the appointment; false (and a 404 status) when the link matches nothing.</summary>
    protected async Task<bool> LoadAsync(AppDbContext db, CancellationToken ct)
    {
        Appointment = await booking.FindByTokenAsync(Token, ct);
        if (Appointment is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return false;
        }

        Summary = await AppointmentSummary.LoadAsync(db, Appointment, ct);
        CanManage = booking.CanManage(Appointment);
        Deadline = booking.ManagementDeadline(Appointment);
        PlacePhone = Appointment.Place?.Phone;
        return true;
    }

    /// <summary>The staff's label, except that the person reads who cancelled.</summary>
    public static string StatusLabel(Appointment a) => a.Status != AppointmentStatus.Cancelled
        ? AgendaText.Status(a.Status)
        : a.CancelledBy == CancelledBy.Person ? "Annulé par vous" : "Annulé par le lieu";
}
