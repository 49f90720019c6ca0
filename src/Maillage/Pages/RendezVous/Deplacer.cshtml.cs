using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Booking;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Maillage.Pages.RendezVous;

/// <summary>Moving through the link: a day, then a free time at the same place for the same motif; same lock as a booking.</summary>
[AllowAnonymous]
[EnableRateLimiting(BookingLimits.Policy)]
public sealed class DeplacerModel(AppDbContext db, BookingService booking, BookingNotifier notifier, TimeProvider clock, IConfiguration config) : ManageModelBase(booking)
{
    [BindProperty(SupportsGet = true, Name = "jour")]
    public DateOnly? Day { get; set; }

    [BindProperty]
    public string? Slot { get; set; }

    public bool Found { get; private set; }
    public IReadOnlyList<(DateOnly Day, int Count)> Days { get; private set; } = [];
    public IReadOnlyList<DateTimeOffset> Times { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Found = await LoadAsync(db, ct);
        if (Found && !CanManage)
        {
            return Redirect($"/rendez-vous/gerer/{Token}");
        }

        if (Found)
        {
            await LoadSlotsAsync(ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Found = await LoadAsync(db, ct);
        if (!Found)
        {
            return Page();
        }

        if (!BookingText.TryParseSlot(Slot, out var start))
        {
            ModelState.AddModelError(nameof(Slot), "Choisissez un horaire parmi les créneaux libres.");
            await LoadSlotsAsync(ct);
            return Page();
        }

        var outcome = await Booking.MoveAsync(Appointment!, start, ct);
        if (!outcome.Succeeded)
        {
            foreach (var message in outcome.Errors.SelectMany(e => e.Value))
            {
                ModelState.AddModelError(nameof(Slot), message);
            }

            await LoadSlotsAsync(ct);
            return Page();
        }

        var delivered = await notifier.SendAsync(Appointment!, BookingNotifier.Kind.Moved, Request.PublicBaseUrl(config), Token, ct);
        return Redirect($"/rendez-vous/gerer/{Token}?deplace=true{(delivered ? "" : "&envoi=echec")}");
    }

    private async Task LoadSlotsAsync(CancellationToken ct)
    {
        var motif = Appointment!.Motif!;
        var slots = (await AgendaSlots.ForPlaceAsync(db, Appointment.PlaceId, motif, clock.GetUtcNow(), ct: ct))
            .Where(s => s.Start != Appointment.Start).ToList();
        var byDay = slots.GroupBy(s => DateOnly.FromDateTime(ParisTime.ToParis(s.Start).DateTime))
            .ToDictionary(g => g.Key, g => g.Select(s => s.Start).Distinct().Order().ToList());
        Days = byDay.OrderBy(d => d.Key).Select(d => (d.Key, d.Value.Count)).ToList();
        Times = Day is { } day && byDay.TryGetValue(day, out var times) ? times : [];
    }
}
