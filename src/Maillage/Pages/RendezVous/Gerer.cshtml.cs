using Maillage.Data;
using Maillage.Features.Agenda.Booking;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Maillage.Pages.RendezVous;

/// <summary>The management page of an appointment (also the confirmation page right after booking).</summary>
[AllowAnonymous]
[EnableRateLimiting(BookingLimits.Policy)]
public sealed class GererModel(AppDbContext db, BookingService booking) : ManageModelBase(booking)
{
    [BindProperty(SupportsGet = true, Name = "confirme")]
    public bool Confirmed { get; set; }

    [BindProperty(SupportsGet = true, Name = "deplace")]
    public bool Moved { get; set; }

    [BindProperty(SupportsGet = true, Name = "annule")]
    public bool Cancelled { get; set; }

    [BindProperty(SupportsGet = true, Name = "envoi")]
    public string? Delivery { get; set; }

    public bool Found { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Found = await LoadAsync(db, ct);
        return Page();
    }
}
