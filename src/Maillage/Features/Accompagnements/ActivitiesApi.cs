using System.Globalization;
using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Features.Accompagnements;

/// <summary>A record as the API returns it: its identity and bookkeeping, and « saisie », the fields a PUT sends back.</summary>
public sealed record ActivityDto(long Id, string AdvisorId, int OrganizationId, int ParticipantCount, uint Version, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt, ActivityInput Saisie)
{
    public static ActivityDto From(Activity a) => new(a.Id, a.AdvisorId, a.OrganizationId, a.ParticipantCount, a.Version, a.CreatedAt, a.ModifiedAt, ActivityService.ToInput(a));
}

/// <summary>One page of the list and the cursor of the next one (null on the last page).</summary>
public sealed record ActivityListDto(IReadOnlyList<ActivityRow> Items, string? Next, string? NextUrl);

/// <summary>
/// /api/v1/activites: the same rules and scope as the pages. Reachable with the signed-in session (the application's own
/// offline entry) or an API client's token; only an advisor's session records, since a record belongs to its advisor.
/// </summary>
public static class ActivitiesApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapActivitiesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/activites").WithTags("Activités").RequireAuthorization(Policies.ApiOrSession);
        group.MapGet("/", List).WithName("ListActivities")
            .WithSummary("Activités lisibles (les vôtres, et celles des structures que vous gérez), filtrées, par pages avec un curseur « apres ».");
        group.MapGet("/{id:long}", Get).WithName("GetActivity").WithSummary("Une activité de votre périmètre.");
        group.MapPost("/", Create).WithName("CreateActivity")
            .WithSummary("Enregistre une activité (conseiller connecté). Avec l'en-tête Idempotency-Key, la même clé envoyée deux fois crée une seule activité et renvoie la même.");
        group.MapPut("/{id:long}", Update).WithName("UpdateActivity")
            .WithSummary("Modifie une activité (auteur, structure, coordination du territoire). En-tête If-Match : la version lue, pour ne pas écraser la modification d'un autre.");
        group.MapDelete("/{id:long}", Delete).WithName("DeleteActivity").WithSummary("Supprime une activité (suppression logique, inscrite au journal).");
        return group;
    }

    public static async Task<Results<Ok<ActivityListDto>, ValidationProblem, ForbidHttpResult>> List(
        HttpContext http, AppDbContext db, ScopeAccessor scopes,
        DateOnly? du, DateOnly? au, ActivityType? type, ActivityTheme? thematique, int? lieu, string? conseiller, int? structure, string? tri, string? apres, int? limite,
        CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.CanRecord && !access.ReadsOthers)
        {
            return TypedResults.Forbid();
        }

        var errors = new Dictionary<string, string[]>();
        if (du is { } from && au is { } to && from > to)
        {
            errors["du"] = ["La date de début doit précéder la date de fin."];
        }

        if (apres is not null && !ActivityList.TryParseCursor(apres, out _, out _))
        {
            errors["apres"] = ["Curseur invalide : reprenez la valeur « next » de la page précédente."];
        }

        if (limite is < 1 or > ActivityList.MaxPageSize)
        {
            errors["limite"] = [$"La limite doit être comprise entre 1 et {ActivityList.MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Données invalides");
        }

        var advisor = conseiller == "moi" ? access.UserId ?? "" : conseiller;
        var filter = new ActivityFilter(du, au, type, thematique, lieu, advisor, structure, tri == "ancien" ? ActivitySort.DateAsc : ActivitySort.DateDesc);
        var page = await ActivityList.QueryAsync(db, access, filter, apres, limite ?? ActivityList.DefaultPageSize, ct);
        string? nextUrl = null;
        if (page.NextCursor is { } next)
        {
            var query = http.Request.Query.Where(q => q.Key != "apres").ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
            query["apres"] = next;
            nextUrl = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/api/v1/activites", query);
        }

        return TypedResults.Ok(new ActivityListDto(page.Items, page.NextCursor, nextUrl));
    }

    public static async Task<Results<Ok<ActivityDto>, NotFound>> Get(long id, AppDbContext db, ScopeAccessor scopes, ActivityService service, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        return await service.FindAsync(access, id, ct) is { } activity ? TypedResults.Ok(ActivityDto.From(activity)) : TypedResults.NotFound();
    }

    public static async Task<Results<Created<ActivityDto>, Ok<ActivityDto>, ValidationProblem, ProblemHttpResult>> Create(
        ActivityInput input, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, HttpContext http, AppDbContext db, ScopeAccessor scopes, ActivityService service, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.CanRecord || access.UserId is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Accès refusé",
                detail: "Seul un conseiller ou une conseillère connecté·e, rattaché·e à une structure, enregistre des activités.");
        }

        var result = await service.CreateAsync(access, input, idempotencyKey, ct);
        switch (result.Status)
        {
            case ActivitySaveStatus.Created:
                return TypedResults.Created($"/api/v1/activites/{result.Activity!.Id.ToString(CultureInfo.InvariantCulture)}", ActivityDto.From(result.Activity));
            case ActivitySaveStatus.Replayed:
                http.Response.Headers["Idempotency-Replayed"] = "true";
                return TypedResults.Ok(ActivityDto.From(result.Activity!));
            default:
                return TypedResults.ValidationProblem(Paging.CamelCaseKeys(result.Errors.ToDictionary(e => e.Key, e => e.Value)), title: "Données invalides");
        }
    }

    public static async Task<Results<Ok<ActivityDto>, ValidationProblem, NotFound, ProblemHttpResult>> Update(
        long id, ActivityInput input, [FromHeader(Name = "If-Match")] string? ifMatch, AppDbContext db, ScopeAccessor scopes, ActivityService service, CancellationToken ct)
    {
        uint? version = null;
        if (!string.IsNullOrWhiteSpace(ifMatch))
        {
            if (!uint.TryParse(ifMatch.Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["If-Match"] = ["L'en-tête If-Match attend le numéro de version lu (champ « version »)."] }, title: "Données invalides");
            }

            version = v;
        }

        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var result = await service.UpdateAsync(access, id, input, version, ct);
        return result.Status switch
        {
            ActivitySaveStatus.Updated => TypedResults.Ok(ActivityDto.From(result.Activity!)),
            ActivitySaveStatus.NotFound => TypedResults.NotFound(),
            ActivitySaveStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Version dépassée",
                detail: "Cette activité a été modifiée depuis votre lecture : relisez-la, puis renvoyez votre modification avec la nouvelle version."),
            _ => TypedResults.ValidationProblem(Paging.CamelCaseKeys(result.Errors.ToDictionary(e => e.Key, e => e.Value)), title: "Données invalides"),
        };
    }

    public static async Task<Results<NoContent, NotFound>> Delete(long id, AppDbContext db, ScopeAccessor scopes, ActivityService service, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        return await service.DeleteAsync(access, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }
}
