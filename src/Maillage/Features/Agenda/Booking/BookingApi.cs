using System.Globalization;
using System.Text.Json.Serialization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Booking;

/// <summary>A free time at a place: how many advisors are free then.</summary>
public sealed record FreeSlotDto(DateTimeOffset Debut, DateTimeOffset Fin, int Conseillers);

public sealed record FreeSlotsDto(int LieuId, int MotifId, DateOnly Du, DateOnly Au, IReadOnlyList<FreeSlotDto> Creneaux);

/// <summary>A booking made by staff for a person (on the phone, at the desk).</summary>
public sealed class BookingApiInput
{
    public int LieuId { get; set; }
    public int MotifId { get; set; }
    public DateTimeOffset? Debut { get; set; }

    /// <summary>The advisor's account id; empty: any advisor of your organizations free at that time.</summary>
    public string? ConseillerId { get; set; }
    public string? Nom { get; set; }
    public string? Telephone { get; set; }
    public string? Email { get; set; }
    public string? Message { get; set; }

    /// <summary>Send the confirmation (e-mail, else SMS) to the person; true by default.</summary>
    public bool? Prevenir { get; set; }
}

public sealed record BookedAppointmentDto(
    long Id, int LieuId, int MotifId, string ConseillerId, DateTimeOffset Debut, DateTimeOffset Fin, string Statut,
    [property: JsonPropertyName("lienGestion")] string LienGestion, bool MessageEnvoye);

/// <summary>/api/v1: free slots of a place (anonymous) and a booking made by staff.</summary>
public static class BookingApi
{
    public const int MaxDays = 31;

    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        api.MapGet("/lieux/{id:int}/creneaux", Slots).WithTags("Rendez-vous").WithName("GetFreeSlots")
            .AllowAnonymous().RequireRateLimiting(BookingLimits.Policy)
            .WithSummary("Créneaux libres d'un lieu pour un motif (sans authentification).")
            .WithDescription("`motif` (obligatoire) : identifiant du motif ; `du` et `au` : dates (AAAA-MM-JJ, heure de Paris), 31 jours au plus, " +
                             "bornés par le délai de prévenance et l'horizon du motif. Chaque créneau donne son début et sa fin (UTC) et le nombre de conseillers libres.");
        api.MapPost("/rendez-vous", Book).WithTags("Rendez-vous").WithName("BookAppointment")
            .RequireAuthorization(Policies.ApiOrSession).RequireRateLimiting(BookingLimits.Policy)
            .WithSummary("Prend un rendez-vous pour une personne (conseiller, structure ou coordination, avec les conseillers de son périmètre).")
            .WithDescription("Champs : `lieuId`, `motifId`, `debut` (un créneau libre, voir GET /lieux/{id}/creneaux), `conseillerId` (facultatif), " +
                             "`nom` et `telephone` ou `email` (l'un suffit), `message` (facultatif), `prevenir` (envoie la confirmation, vrai par défaut). " +
                             "409 « Ce créneau vient d'être pris » quand quelqu'un l'a réservé entre-temps. La réponse donne une fois le lien de gestion (annuler, déplacer).");
        return api;
    }

    public static async Task<Results<Ok<FreeSlotsDto>, ValidationProblem, NotFound>> Slots(
        int id, [FromQuery(Name = "motif")] int? motif, [FromQuery(Name = "du")] DateOnly? du, [FromQuery(Name = "au")] DateOnly? au,
        AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!await db.Places.AnyAsync(p => p.Id == id && p.IsPublished, ct))
        {
            return TypedResults.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        var found = motif is null ? null : await db.AppointmentMotifs.AsNoTracking().FirstOrDefaultAsync(m => m.Id == motif && m.IsActive, ct);
        if (found is null)
        {
            errors["motif"] = [motif is null ? "Indiquez le motif (paramètre « motif »)." : BookingMessages.UnknownMotif];
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(ParisTime.ToParis(now).DateTime);
        var from = du ?? today;
        var to = au ?? from.AddDays(found?.HorizonDays ?? 30);
        if (to < from)
        {
            errors["au"] = ["La date « au » doit suivre la date « du »."];
        }
        else if (to.DayNumber - from.DayNumber > MaxDays)
        {
            to = from.AddDays(MaxDays);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Données invalides");
        }

        var slots = await AgendaSlots.ForPlaceAsync(db, id, found!, now, from, to, ct: ct);
        var items = slots.GroupBy(s => s.Start)
            .Select(g => new FreeSlotDto(g.Key.ToUniversalTime(), g.First().End.ToUniversalTime(), g.Count()))
            .ToList();
        return TypedResults.Ok(new FreeSlotsDto(id, found!.Id, from, to, items));
    }

    public static async Task<Results<Created<BookedAppointmentDto>, ValidationProblem, ProblemHttpResult>> Book(
        BookingApiInput input, HttpContext http, AppDbContext db, ScopeAccessor scopes, BookingService booking, BookingNotifier notifier, IConfiguration config, TimeProvider clock, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var access = await ActivityAccess.ForAsync(db, scope, ct);

        // Advisors of the organizations the caller records for or manages (null: all, coordination of the instance).
        List<int>? allowed = access.ManagedOrganizationIds is null ? null : [.. access.RecordingOrganizationIds.Concat(access.ManagedOrganizationIds).Distinct()];
        if (allowed is { Count: 0 })
        {
            return Forbidden("Seuls les conseillers, les structures et la coordination prennent des rendez-vous pour une personne.");
        }

        if (input.Debut is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["debut"] = ["Indiquez le début du créneau (« debut », date et heure ISO 8601)."] }, title: "Données invalides");
        }

        var advisorId = string.IsNullOrWhiteSpace(input.ConseillerId) ? null : input.ConseillerId.Trim();
        if (allowed is not null)
        {
            if (advisorId is not null)
            {
                var organization = await db.AdvisorProfiles.Where(p => p.UserId == advisorId).Select(p => (int?)p.OrganizationId).FirstOrDefaultAsync(ct);
                if (organization is null || !allowed.Contains(organization.Value))
                {
                    return Forbidden("Ce conseiller n'est pas dans votre périmètre : vous prenez rendez-vous avec les conseillers de vos structures.");
                }
            }
            else
            {
                // Any advisor of the caller's organizations who is free then, else one who works there (for a clear error).
                var motif = await db.AppointmentMotifs.AsNoTracking().FirstOrDefaultAsync(m => m.Id == input.MotifId && m.IsActive, ct);
                var mine = await db.Permanences.Where(p => p.PlaceId == input.LieuId && p.Mode == PermanenceMode.Appointment && allowed.Contains(p.AdvisorProfile!.OrganizationId))
                    .Select(p => p.AdvisorId).Distinct().ToListAsync(ct);
                if (mine.Count == 0)
                {
                    return Forbidden("Aucun conseiller de vos structures ne reçoit sur rendez-vous dans ce lieu.");
                }

                advisorId = mine[0];
                if (motif is not null)
                {
                    var day = DateOnly.FromDateTime(ParisTime.ToParis(input.Debut.Value).DateTime);
                    var free = await AgendaSlots.ForPlaceAsync(db, input.LieuId, motif, clock.GetUtcNow(), day, day, ct: ct);
                    advisorId = free.FirstOrDefault(s => s.Start == input.Debut.Value && mine.Contains(s.AdvisorId))?.AdvisorId ?? advisorId;
                }
            }
        }

        var request = new BookingRequest(input.LieuId, input.MotifId, input.Debut.Value, advisorId, new ContactInput(input.Nom, input.Telephone, input.Email), input.Message);
        var outcome = await booking.BookAsync(request, scope.UserId, ct);
        if (outcome.SlotTaken)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Créneau pris", detail: BookingMessages.SlotTaken);
        }

        if (!outcome.Succeeded)
        {
            var errors = outcome.Errors.ToDictionary(e => e.Key switch
            {
                nameof(BookingRequest.Start) => "debut",
                nameof(BookingRequest.PlaceId) => "lieuId",
                nameof(BookingRequest.MotifId) => "motifId",
                nameof(ContactInput.Name) => "nom",
                nameof(ContactInput.Phone) => "telephone",
                nameof(ContactInput.Email) => "email",
                nameof(BookingRequest.Message) => "message",
                _ => e.Key,
            }, e => e.Value);
            return TypedResults.ValidationProblem(errors, title: "Données invalides");
        }

        var a = outcome.Appointment!;
        var baseUrl = http.Request.PublicBaseUrl(config);
        var sent = input.Prevenir != false && await notifier.SendAsync(a, BookingNotifier.Kind.Confirmed, baseUrl, outcome.ManagementToken, ct);
        return TypedResults.Created($"/api/v1/rendez-vous/{a.Id.ToString(CultureInfo.InvariantCulture)}",
            new BookedAppointmentDto(a.Id, a.PlaceId, a.MotifId, a.AdvisorId, a.Start, a.End, "aVenir", BookingNotifier.ManagementUrl(baseUrl, outcome.ManagementToken!), sent));
    }

    private static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Accès refusé", detail: detail);
}
