using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Booking;
using Maillage.Features.Lieux;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.RendezVous;

/// <summary>
/// « Prendre rendez-vous », without an account, one step per screen and no JavaScript needed: place (search by commune or
/// name) → motif → day → free time and contact. The booking itself is <see cref="BookingService"/>; the confirmation is the
/// management page of the new appointment.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(BookingLimits.Policy)]
public sealed class IndexModel(AppDbContext db, BookingService booking, BookingNotifier notifier, TimeProvider clock, IConfiguration config, ILogger<IndexModel> logger) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "lieu")]
    public int? PlaceId { get; set; }

    [BindProperty(SupportsGet = true, Name = "motif")]
    public int? MotifId { get; set; }

    [BindProperty(SupportsGet = true, Name = "jour")]
    public DateOnly? Day { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty]
    public BookingInput Input { get; set; } = new();

    public Place? Place { get; private set; }
    public AppointmentMotif? Motif { get; private set; }
    public Paged<PlaceChoice>? Places { get; private set; }
    public IReadOnlyList<AppointmentMotif> Motifs { get; private set; } = [];
    public IReadOnlyList<(DateOnly Day, int Count)> Days { get; private set; } = [];
    public IReadOnlyList<DateTimeOffset> Times { get; private set; } = [];

    /// <summary>Set when the chosen place, motif or day does not exist or offers nothing: said plainly above the step.</summary>
    public string? Notice { get; private set; }

    public sealed record PlaceChoice(int Id, string Name, string Address, string PostalCode, string Commune);

    public sealed class BookingInput
    {
        public string? Slot { get; set; }
        public string? Name { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }
        public string? Message { get; set; }

        /// <summary>Honeypot: hidden from people; a robot that fills it sees a confirmation and nothing is stored.</summary>
        public string? Website { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Place is null || Motif is null || Day is null)
        {
            return Page();
        }

        if (!string.IsNullOrEmpty(Input.Website))
        {
            logger.LogInformation("Booking dropped by the honeypot for place {PlaceId}", Place.Id);
            return RedirectToPage("/RendezVous/Recu");
        }

        ModelState.Clear();
        if (!BookingText.TryParseSlot(Input.Slot, out var start))
        {
            ModelState.AddModelError("Input.Slot", "Choisissez un horaire parmi les créneaux libres.");
            // The contact is still checked, so every error shows at once.
            foreach (var (key, messages) in ContactRules.Validate(new ContactInput(Input.Name, Input.Phone, Input.Email)).Errors)
            {
                ModelState.AddModelError("Input." + key, messages[0]);
            }

            return Page();
        }

        var outcome = await booking.BookAsync(new BookingRequest(Place.Id, Motif.Id, start, null, new ContactInput(Input.Name, Input.Phone, Input.Email), Input.Message), null, ct);
        if (!outcome.Succeeded)
        {
            foreach (var (key, messages) in outcome.Errors)
            {
                var field = key switch
                {
                    nameof(BookingRequest.Start) => "Input.Slot",
                    nameof(BookingRequest.PlaceId) or nameof(BookingRequest.MotifId) => "",
                    _ => "Input." + key,
                };
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field, message);
                }
            }

            // Times change under the person's feet: show the fresh list.
            await LoadAsync(ct);
            return Page();
        }

        var delivered = await notifier.SendAsync(outcome.Appointment!, BookingNotifier.Kind.Confirmed, Request.PublicBaseUrl(config), outcome.ManagementToken, ct);
        return Redirect($"/rendez-vous/gerer/{outcome.ManagementToken}?confirme=true{(delivered ? "" : "&envoi=echec")}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(ParisTime.ToParis(now).DateTime);
        if (PlaceId is null)
        {
            Places = await SearchPlacesAsync(today, ct);
            return;
        }

        Place = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Id == PlaceId && p.IsPublished, ct);
        if (Place is null)
        {
            Notice = "Ce lieu n'existe pas ou n'est plus publié : cherchez-en un autre.";
            Places = await SearchPlacesAsync(today, ct);
            return;
        }

        Motifs = await MotifsAsync(Place.Id, today, ct);
        if (Motifs.Count == 0)
        {
            Notice = "Ce lieu ne propose pas de rendez-vous en ligne pour le moment. Appelez-le, ou cherchez un autre lieu.";
            return;
        }

        if (MotifId is null)
        {
            return;
        }

        Motif = Motifs.FirstOrDefault(m => m.Id == MotifId);
        if (Motif is null)
        {
            Notice = BookingMessages.UnknownMotif;
            return;
        }

        var slots = await AgendaSlots.ForPlaceAsync(db, Place.Id, Motif, now, ct: ct);
        var byDay = slots.GroupBy(s => DateOnly.FromDateTime(ParisTime.ToParis(s.Start).DateTime))
            .ToDictionary(g => g.Key, g => g.Select(s => s.Start).Distinct().Order().ToList());
        Days = byDay.OrderBy(d => d.Key).Select(d => (d.Key, d.Value.Count)).ToList();
        if (Days.Count == 0)
        {
            Notice = "Plus aucun créneau libre pour ce motif dans les prochaines semaines. Choisissez un autre motif, ou appelez le lieu.";
        }

        if (Day is { } day)
        {
            Times = byDay.TryGetValue(day, out var times) ? times : [];
            if (Times.Count == 0 && Days.Count > 0)
            {
                Notice = "Plus de créneau libre ce jour-là : choisissez un autre jour.";
                Day = null;
            }
        }
    }

    private IQueryable<Place> BookablePlaces(DateOnly today) => db.Places.AsNoTracking()
        .Where(p => p.IsPublished && db.Permanences.Any(x => x.PlaceId == p.Id && x.Mode == PermanenceMode.Appointment && x.AdvisorProfile!.IsActive && (x.ValidUntil == null || x.ValidUntil >= today)));

    private async Task<Paged<PlaceChoice>> SearchPlacesAsync(DateOnly today, CancellationToken ct)
    {
        var query = BookablePlaces(today);
        var q = Query?.Trim();
        if (!string.IsNullOrEmpty(q))
        {
            var lower = q.ToLower();
            query = query.Where(p => p.Name.ToLower().Contains(lower) || p.CommuneName.ToLower().Contains(lower) || p.PostalCode.StartsWith(q));
        }

        // Read by hand: a bound property named « page » would also receive Razor Pages' own route value « page ».
        var (page, size) = Paging.Normalize(int.TryParse(Request.Query["page"], out var number) ? number : null, PageSize);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(p => p.CommuneName).ThenBy(p => p.Name).ThenBy(p => p.Id)
            .Skip((page - 1) * size).Take(size)
            .Select(p => new PlaceChoice(p.Id, p.Name, p.Address, p.PostalCode, p.CommuneName))
            .ToListAsync(ct);
        return new Paged<PlaceChoice>(items, page, size, total);
    }

    /// <summary>The active motifs some advisor with bookable hours here offers (a motif of everyone, or of their organization).</summary>
    private async Task<IReadOnlyList<AppointmentMotif>> MotifsAsync(int placeId, DateOnly today, CancellationToken ct)
    {
        var organizations = await db.Permanences.AsNoTracking()
            .Where(x => x.PlaceId == placeId && x.Mode == PermanenceMode.Appointment && x.AdvisorProfile!.IsActive && (x.ValidUntil == null || x.ValidUntil >= today))
            .Select(x => x.AdvisorProfile!.OrganizationId).Distinct().ToListAsync(ct);
        if (organizations.Count == 0)
        {
            return [];
        }

        return await db.AppointmentMotifs.AsNoTracking()
            .Where(m => m.IsActive && (m.OrganizationId == null || organizations.Contains(m.OrganizationId.Value)))
            .OrderBy(m => m.SortOrder).ThenBy(m => m.Name)
            .ToListAsync(ct);
    }
}
