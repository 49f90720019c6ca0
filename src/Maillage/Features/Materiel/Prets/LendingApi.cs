using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

public sealed record ReservationLineDto(int ItemId, string AssetTag, string Model, ItemCondition? ConditionOut, ItemCondition? ConditionIn, IReadOnlyList<string> AccessoriesOut, IReadOnlyList<string> MissingAccessories, bool Damaged);

/// <summary>A reservation, and its loan once checked out, as the API shows it.</summary>
public sealed record ReservationDto(
    int Id, ReservationStatus Status, string StatusLabel, int BorrowerOrganizationId, string Borrower, int LenderOrganizationId, int? KitId, string? Kit,
    DateOnly StartDate, DateOnly EndDate, string Purpose, string Location, string? RequestedBy, string? DecisionNote, string? TakenBy, string? AgreementName,
    DateTimeOffset? CheckedOutAt, DateTimeOffset? ReturnedAt, bool Overdue, IReadOnlyList<ReservationLineDto> Items, uint Version);

public sealed record CatalogueEntryDto(string Kind, int Id, string AssetTag, string Name, string Category, ItemStatus Status, int OrganizationId, int ItemCount);

public sealed record DecisionInput(bool? Approve, string? Note);

/// <summary>/api/v1/materiel: the lending catalogue, its availability, reservations and loans (same scope as the pages).</summary>
public static class LendingApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/materiel").WithTags("Matériel : prêts").RequireAuthorization(Policies.ApiOrSession);
        g.MapGet("/catalogue", Catalogue).WithName("LendingCatalogue")
            .WithSummary("Objets et valises proposés au prêt aux structures (hors campagnes, hors réformés), filtrés par q (étiquette, modèle) et categorie.");
        g.MapGet("/disponibilites", AvailabilityOf).WithName("LendingAvailability")
            .WithSummary("Calendrier de disponibilité du catalogue de du à au (400 jours au plus) : objets libres par jour et par catégorie, valises libres, jours pris de chaque objet.");
        g.MapGet("/reservations", List).WithName("ListReservations")
            .WithSummary("Réservations de votre périmètre (prêteur ou emprunteur), filtrées par statut, par pages, les plus récentes d'abord.");
        g.MapGet("/reservations/{id:int}", Get).WithName("GetReservation").WithSummary("Une réservation et, une fois sortie, son prêt.");
        g.MapPost("/reservations", Request).WithName("RequestReservation")
            .WithSummary("Demande un objet (itemId) ou une valise (kitId) pour des jours entiers. 409 si le matériel est déjà pris, sauf joinWaitingList=true (liste d'attente).");
        g.MapPost("/reservations/{id:int}/decision", Decide).WithName("DecideReservation")
            .WithSummary("Valide (approve=true) ou refuse (approve=false, note obligatoire) une demande. If-Match facultatif : la version lue.");
        g.MapPost("/reservations/{id:int}/annulation", Cancel).WithName("CancelReservation").WithSummary("Annule une demande, une réservation validée ou une place en liste d'attente.");
        g.MapPost("/reservations/{id:int}/sortie", CheckOut).WithName("CheckOutReservation")
            .WithSummary("Sortie du matériel : qui l'emporte, convention acceptée (nom), état et accessoires cochés par objet.");
        g.MapPost("/reservations/{id:int}/retour", CheckIn).WithName("CheckInReservation")
            .WithSummary("Retour : état, accessoires présents, dommage ; un accessoire manquant ou un dommage ouvre un ticket de maintenance.");
        g.MapGet("/prets", Loans).WithName("ListLoans").WithSummary("Prêts en cours (matériel sorti) ; retard=true pour les seuls prêts en retard.");
    }

    private static ProblemHttpResult Refused() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Accès refusé",
        detail: "Le prêt de matériel est réservé à l'administration, à la coordination et aux structures partenaires.");

    private static async Task<FleetAccess?> AccessAsync(AppDbContext db, ScopeAccessor scopes, CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        return access.HasFleet ? access : null;
    }

    public static IQueryable<ReservationDto> Project(IQueryable<Reservation> q, DateOnly today) => q.Select(r => new ReservationDto(
        r.Id, r.Status, "", r.BorrowerOrganizationId, r.Borrower!.Name, r.LenderOrganizationId, r.KitId, r.Kit!.Name, r.StartDate, r.EndDate, r.Purpose, r.Location,
        r.RequestedByName, r.DecisionNote, r.TakenBy, r.AgreementName, r.CheckedOutAt, r.ReturnedAt, r.Status == ReservationStatus.CheckedOut && r.EndDate < today,
        r.Lines.OrderBy(l => l.Item!.AssetTag).Select(l => new ReservationLineDto(l.ItemId, l.Item!.AssetTag, l.Item.Model, l.ConditionOut, l.ConditionIn,
            Split(l.AccessoriesOut), Split(l.MissingAccessories), l.Damaged)).ToList(), r.Version));

    private static string[] Split(string? lines) => lines is null ? [] : lines.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static ReservationDto Label(ReservationDto d) => d with { StatusLabel = FleetText.Reservation(d.Status) };

    public static async Task<Results<Ok<Paged<CatalogueEntryDto>>, ProblemHttpResult>> Catalogue(
        AppDbContext db, ScopeAccessor scopes, string? q, int? categorie, int? page, int? pageSize, CancellationToken ct)
    {
        if (await AccessAsync(db, scopes, ct) is null)
        {
            return Refused();
        }

        var items = FleetSearch.Matching(ReservationService.Catalogue(db.Items.AsNoTracking()), q);
        if (categorie is { } c)
        {
            items = items.Where(i => i.CategoryId == c);
        }

        var kits = db.Kits.AsNoTracking().Where(k => k.IsActive && k.Items.Any() && (categorie == null || k.Items.Any(i => i.CategoryId == categorie)));
        if (!string.IsNullOrWhiteSpace(q))
        {
            var t = q.Trim();
            kits = kits.Where(k => k.Name.Contains(t) || k.AssetTag.Contains(t.ToUpper()));
        }

        var (number, size) = Paging.Normalize(page, pageSize);
        var kitCount = await kits.CountAsync(ct);
        var itemCount = await items.CountAsync(ct);
        var rows = new List<CatalogueEntryDto>();
        var skip = (number - 1) * size;
        if (skip < kitCount)
        {
            rows.AddRange(await kits.OrderBy(k => k.Name).Skip(skip).Take(size)
                .Select(k => new CatalogueEntryDto("valise", k.Id, k.AssetTag, k.Name, "Valise", ItemStatus.Available, k.OrganizationId, k.Items.Count)).ToListAsync(ct));
        }

        var itemSkip = Math.Max(0, skip - kitCount);
        if (rows.Count < size)
        {
            rows.AddRange(await items.OrderBy(i => i.AssetTag).Skip(itemSkip).Take(size - rows.Count)
                .Select(i => new CatalogueEntryDto("objet", i.Id, i.AssetTag, i.Model, i.Category!.Name, i.Status, i.OrganizationId, 1)).ToListAsync(ct));
        }

        return TypedResults.Ok(new Paged<CatalogueEntryDto>(rows, number, size, kitCount + itemCount));
    }

    public static async Task<Results<Ok<Availability>, ValidationProblem, ProblemHttpResult>> AvailabilityOf(
        AppDbContext db, ScopeAccessor scopes, LendingAvailability availability, DateOnly? du, DateOnly? au, int? categorie, CancellationToken ct)
    {
        if (await AccessAsync(db, scopes, ct) is null)
        {
            return Refused();
        }

        var errors = new Dictionary<string, string[]>();
        if (du is null)
        {
            errors["du"] = ["Indiquez le premier jour (du=AAAA-MM-JJ)."];
        }

        if (au is null)
        {
            errors["au"] = ["Indiquez le dernier jour (au=AAAA-MM-JJ)."];
        }
        else if (du is not null && au < du)
        {
            errors["au"] = ["Le dernier jour doit être le même que le premier ou après lui."];
        }
        else if (du is not null && au.Value.DayNumber - du.Value.DayNumber + 1 > LendingAvailability.MaxDays)
        {
            errors["au"] = [$"La période va au plus sur {LendingAvailability.MaxDays} jours."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Période invalide");
        }

        return TypedResults.Ok(await availability.ComputeAsync(du!.Value, au!.Value, categorie, ct));
    }

    public static async Task<Results<Ok<Paged<ReservationDto>>, ProblemHttpResult>> List(
        AppDbContext db, ScopeAccessor scopes, ReservationService service, ReservationStatus? statut, int? page, int? pageSize, CancellationToken ct)
    {
        if (await AccessAsync(db, scopes, ct) is not { } access)
        {
            return Refused();
        }

        var query = ReservationService.Visible(access, db.Reservations.AsNoTracking());
        if (statut is { } s)
        {
            query = query.Where(r => r.Status == s);
        }

        var (number, size) = Paging.Normalize(page, pageSize);
        var total = await query.CountAsync(ct);
        var rows = await Project(query.OrderByDescending(r => r.StartDate).ThenByDescending(r => r.Id).Skip((number - 1) * size).Take(size), service.Today).ToListAsync(ct);
        return TypedResults.Ok(new Paged<ReservationDto>([.. rows.Select(Label)], number, size, total));
    }

    public static async Task<Results<Ok<Paged<ReservationDto>>, ProblemHttpResult>> Loans(
        AppDbContext db, ScopeAccessor scopes, ReservationService service, bool? retard, int? page, int? pageSize, CancellationToken ct)
    {
        if (await AccessAsync(db, scopes, ct) is not { } access)
        {
            return Refused();
        }

        var today = service.Today;
        var query = ReservationService.Visible(access, db.Reservations.AsNoTracking()).Where(r => r.Status == ReservationStatus.CheckedOut);
        if (retard == true)
        {
            query = query.Where(r => r.EndDate < today);
        }

        var (number, size) = Paging.Normalize(page, pageSize);
        var total = await query.CountAsync(ct);
        var rows = await Project(query.OrderBy(r => r.EndDate).ThenBy(r => r.Id).Skip((number - 1) * size).Take(size), today).ToListAsync(ct);
        return TypedResults.Ok(new Paged<ReservationDto>([.. rows.Select(Label)], number, size, total));
    }

    public static async Task<Results<Ok<ReservationDto>, NotFound, ProblemHttpResult>> Get(int id, AppDbContext db, ScopeAccessor scopes, ReservationService service, CancellationToken ct)
    {
        if (await AccessAsync(db, scopes, ct) is not { } access)
        {
            return Refused();
        }

        return await Project(ReservationService.Visible(access, db.Reservations.AsNoTracking()).Where(r => r.Id == id), service.Today).FirstOrDefaultAsync(ct) is { } dto
            ? TypedResults.Ok(Label(dto))
            : TypedResults.NotFound();
    }

    public static async Task<Results<Created<ReservationDto>, ValidationProblem, ProblemHttpResult>> Request(
        ReservationInput input, AppDbContext db, ScopeAccessor scopes, ReservationService service, FleetService fleet, HttpContext http, CancellationToken ct)
    {
        if (await AccessAsync(db, scopes, ct) is not { } access)
        {
            return Refused();
        }

        var result = await service.RequestAsync(access, input, http.User.FindFirstValue(ClaimTypes.NameIdentifier), await fleet.ActorNameAsync(http.User, ct), http.User.FindFirstValue(ClaimTypes.Email), ct);
        return result.Outcome switch
        {
            LendingOutcome.Saved => TypedResults.Created($"/api/v1/materiel/reservations/{result.Reservation!.Id}",
                Label(await Project(db.Reservations.AsNoTracking().Where(r => r.Id == result.Reservation.Id), service.Today).SingleAsync(ct))),
            LendingOutcome.Taken => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Matériel déjà réservé", detail: result.FirstError),
            _ => TypedResults.ValidationProblem(Keys(result.Errors), title: "Demande invalide"),
        };
    }

    private static Dictionary<string, string[]> Keys(IReadOnlyDictionary<string, string[]> errors) =>
        errors.ToDictionary(e => e.Key.Length == 0 ? "" : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value);

    private static async Task<Results<Ok<ReservationDto>, ValidationProblem, NotFound, ProblemHttpResult>> Answer(LendingResult result, int id, AppDbContext db, ReservationService service, CancellationToken ct) =>
        result.Outcome switch
        {
            LendingOutcome.NotFound => TypedResults.NotFound(),
            LendingOutcome.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflit", detail: result.FirstError),
            LendingOutcome.Invalid or LendingOutcome.Taken => TypedResults.ValidationProblem(Keys(result.Errors), title: "Opération impossible"),
            _ => TypedResults.Ok(Label(await Project(db.Reservations.AsNoTracking().Where(r => r.Id == id), service.Today).SingleAsync(ct))),
        };

    public static async Task<Results<Ok<ReservationDto>, ValidationProblem, NotFound, ProblemHttpResult>> Decide(
        int id, DecisionInput input, AppDbContext db, ScopeAccessor scopes, ReservationService service, FleetService fleet, HttpContext http, CancellationToken ct)
    {
        if (await AccessAsync(db, scopes, ct) is not { } access)
        {
            return Refused();
        }

        if (input.Approve is not { } approve)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["approve"] = ["Indiquez approve : true pour valider, false pour refuser."] }, title: "Décision invalide");
        }

        uint? version = uint.TryParse(http.Request.Headers.IfMatch.ToString().Trim('"'), out var v) ? v : null;
        var result = await service.DecideAsync(access, id, approve, input.Note, version, http.User.FindFirstValue(ClaimTypes.NameIdentifier), await fleet.ActorNameAsync(http.User, ct), ct);
        return await Answer(result, id, db, service, ct);
    }

    public static async Task<Results<Ok<ReservationDto>, ValidationProblem, NotFound, ProblemHttpResult>> Cancel(
        int id, AppDbContext db, ScopeAccessor scopes, ReservationService service, FleetService fleet, HttpContext http, CancellationToken ct)
    {
        if (await AccessAsync(db, scopes, ct) is not { } access)
        {
            return Refused();
        }

        var result = await service.CancelAsync(access, id, http.User.FindFirstValue(ClaimTypes.NameIdentifier), await fleet.ActorNameAsync(http.User, ct), ct);
        return await Answer(result, id, db, service, ct);
    }

    public static async Task<Results<Ok<ReservationDto>, ValidationProblem, NotFound, ProblemHttpResult>> CheckOut(
        int id, CheckOutInput input, AppDbContext db, ScopeAccessor scopes, ReservationService service, FleetService fleet, HttpContext http, CancellationToken ct)
    {
        if (await AccessAsync(db, scopes, ct) is not { } access)
        {
            return Refused();
        }

        var result = await service.CheckOutAsync(access, id, input, http.User.FindFirstValue(ClaimTypes.NameIdentifier), await fleet.ActorNameAsync(http.User, ct), ct);
        return await Answer(result, id, db, service, ct);
    }

    public static async Task<Results<Ok<ReservationDto>, ValidationProblem, NotFound, ProblemHttpResult>> CheckIn(
        int id, CheckInInput input, AppDbContext db, ScopeAccessor scopes, ReservationService service, FleetService fleet, HttpContext http, CancellationToken ct)
    {
        if (await AccessAsync(db, scopes, ct) is not { } access)
        {
            return Refused();
        }

        var result = await service.CheckInAsync(access, id, input, http.User.FindFirstValue(ClaimTypes.NameIdentifier), await fleet.ActorNameAsync(http.User, ct), ct);
        return await Answer(result, id, db, service, ct);
    }
}
