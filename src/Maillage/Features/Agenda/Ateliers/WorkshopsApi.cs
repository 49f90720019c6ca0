using System.Globalization;
using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Ateliers;

/// <summary>A session of the public agenda, with its description.</summary>
public sealed record WorkshopSessionDto(
    int Id, string Title, string? Description, IReadOnlyList<string> Themes, string Level, string? Audience, DateTimeOffset Start, DateTimeOffset End,
    int PlaceId, string PlaceName, string CommuneName, string? CommuneCode, int Capacity, int SeatsLeft, bool RegistrationOpen, string Url)
{
    public static WorkshopSessionDto From(PublicSession s, string? description = null) => new(
        s.Id, s.Title, description, ActivityLabels.Labels(s.Themes), ActivityLabels.Label(s.Level), s.Audience, s.Start, s.End,
        s.PlaceId, s.PlaceName, s.CommuneName, s.CommuneCode, s.Capacity, s.SeatsLeft, s.RegistrationOpen, $"/ateliers/{s.Id}");
}

public sealed record WorkshopSessionPageDto(IReadOnlyList<WorkshopSessionDto> Items, int Page, int PageSize, int Total, int PageCount);

/// <summary>A registration asked through the API: a name, and a phone or an e-mail.</summary>
public sealed record RegistrationRequestDto(string? Name, string? Phone, string? Email);

/// <summary>The registration made: « Confirmed » or « Waiting » (with its rank), and the management link (given once).</summary>
public sealed record RegistrationCreatedDto(long Id, int SessionId, string Status, int? WaitingPosition, string Message, string ManagementUrl);

public sealed record RegistrationDto(long Id, string Name, string? Phone, string? Email, string Status, int? WaitingPosition, bool? Attended, DateTimeOffset CreatedAt, DateTimeOffset? PromotedAt, DateTimeOffset? CancelledAt);

/// <summary>/api/v1/ateliers: the public agenda (anonymous), registration on behalf of a person (staff or API client), and the registrations of a session (scoped).</summary>
public static class WorkshopsApi
{
    public static RouteGroupBuilder MapAgendaWorkshopsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/ateliers").WithTags("Ateliers");
        group.MapGet("/", List).AllowAnonymous().RequireRateLimiting(RateLimits.Public).WithName("ListWorkshopSessions")
            .WithSummary("Séances d'ateliers à venir (agenda public), les plus proches d'abord, par pages ; filtres theme (code de thématique), commune (code INSEE), semaine (un jour de la semaine, AAAA-MM-JJ).");
        group.MapGet("/{id:int}", Get).AllowAnonymous().RequireRateLimiting(RateLimits.Public).WithName("GetWorkshopSession")
            .WithSummary("Une séance de l'agenda public, avec la description de l'atelier et les places restantes.");
        group.MapPost("/{id:int}/inscriptions", Register).RequireAuthorization(Policies.ApiOrSession).RequireRateLimiting(AgendaWorkshopsSetup.PublicPolicy).WithName("RegisterToWorkshopSession")
            .WithSummary("Inscrit une personne (nom, et téléphone ou e-mail) : confirmée s'il reste une place, sinon sur la liste d'attente (rang donné). La personne reçoit l'e-mail de confirmation avec le lien d'annulation.");
        group.MapGet("/{id:int}/inscriptions", Registrations).RequireAuthorization(Policies.ApiOrSession).WithName("ListWorkshopRegistrations")
            .WithSummary("Inscriptions d'une séance que vous animez ou gérez : inscrits, liste d'attente (dans l'ordre), annulations.");
        return group;
    }

    public static async Task<Results<Ok<WorkshopSessionPageDto>, ValidationProblem>> List(
        AppDbContext db, TimeProvider clock, string? theme, string? commune, DateOnly? semaine, int? page, int? taille, CancellationToken ct)
    {
        ActivityTheme? chosen = null;
        if (!string.IsNullOrWhiteSpace(theme))
        {
            if (!Enum.TryParse<ActivityTheme>(theme, ignoreCase: true, out var t) || !Enum.IsDefined(t) || t == 0)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["theme"] = ["Thématique inconnue : utilisez un code de la liste des thématiques (exemple : Security)."] }, title: "Données invalides");
            }

            chosen = t;
        }

        if (taille is < 1 or > Paging.MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["taille"] = [$"La taille de page doit être comprise entre 1 et {Paging.MaxPageSize}."] }, title: "Données invalides");
        }

        var (number, size) = Paging.Normalize(page, taille ?? WorkshopAgenda.PageSize);
        var week = semaine is { } day ? WorkshopAgenda.MondayOf(day) : (DateOnly?)null;
        var result = await WorkshopAgenda.PageAsync(db, clock.GetUtcNow(), new AgendaFilter(chosen, commune, week), number, size, ct);
        return TypedResults.Ok(new WorkshopSessionPageDto([.. result.Items.Select(s => WorkshopSessionDto.From(s))], result.Page, result.PageSize, result.Total, result.PageCount));
    }

    public static async Task<Results<Ok<WorkshopSessionDto>, NotFound>> Get(int id, AppDbContext db, CancellationToken ct)
    {
        var session = await WorkshopAgenda.Project(db.WorkshopSessions.AsNoTracking().Where(s => s.Id == id && s.Status == WorkshopSessionStatus.Scheduled && s.Place!.MergedIntoId == null))
            .FirstOrDefaultAsync(ct);
        if (session is null)
        {
            return TypedResults.NotFound();
        }

        var description = await db.WorkshopSessions.Where(s => s.Id == id).Select(s => s.WorkshopType!.Description).FirstAsync(ct);
        return TypedResults.Ok(WorkshopSessionDto.From(session, description));
    }

    public static async Task<Results<Created<RegistrationCreatedDto>, ValidationProblem, NotFound, ProblemHttpResult>> Register(
        int id, RegistrationRequestDto body, HttpContext http, AppDbContext db, RegistrationService registrations, WorkshopMails mails, IConfiguration config, CancellationToken ct)
    {
        if (!await db.WorkshopSessions.AnyAsync(s => s.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var outcome = await registrations.RegisterAsync(id, new ContactInput(body.Name, body.Phone, body.Email), http.User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        if (outcome.AlreadyRegistered)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Déjà inscrit", detail: RegistrationMessages.AlreadyRegistered);
        }

        if (!outcome.Succeeded)
        {
            return TypedResults.ValidationProblem(Paging.CamelCaseKeys(outcome.Errors.ToDictionary(e => e.Key, e => e.Value)), title: "Données invalides");
        }

        var registration = outcome.Registration!;
        var session = await db.WorkshopSessions.AsNoTracking().Include(s => s.WorkshopType).Include(s => s.Place).FirstAsync(s => s.Id == id, ct);
        var baseUrl = http.Request.PublicBaseUrl(config);
        await mails.SendRegisteredAsync(registration, session, outcome.ManagementToken!, baseUrl, outcome.WaitingPosition, ct);
        var message = outcome.Waiting ? RegistrationMessages.WaitingList(outcome.WaitingPosition ?? 1) : "Inscription confirmée.";
        return TypedResults.Created($"/api/v1/ateliers/{id.ToString(CultureInfo.InvariantCulture)}/inscriptions",
            new RegistrationCreatedDto(registration.Id, id, registration.Status.ToString(), outcome.WaitingPosition, message, WorkshopMails.ManagementLink(baseUrl, outcome.ManagementToken!)));
    }

    public static async Task<Results<Ok<List<RegistrationDto>>, NotFound>> Registrations(int id, AppDbContext db, ScopeAccessor scopes, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var session = await db.WorkshopSessions.AsNoTracking().Include(s => s.Advisors).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null || !access.CanSee(session))
        {
            return TypedResults.NotFound();
        }

        var rows = await db.Registrations.AsNoTracking().Where(r => r.WorkshopSessionId == id).OrderBy(r => r.Id).ToListAsync(ct);
        var rank = 0;
        return TypedResults.Ok(rows.Select(r => new RegistrationDto(r.Id, r.ContactName, r.ContactPhone, r.ContactEmail, r.Status.ToString(),
            r.Status == RegistrationStatus.Waiting ? ++rank : null, r.Attended, r.CreatedAt, r.PromotedAt, r.CancelledAt)).ToList());
    }
}
