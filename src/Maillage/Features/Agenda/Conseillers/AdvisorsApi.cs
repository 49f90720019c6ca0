using System.Globalization;
using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Conseillers;

/// <summary>A permanence as the API returns it.</summary>
public sealed record PermanenceDto(int Id, string AdvisorId, int OrganizationId, int PlaceId, string PlaceName, DayOfWeek Day, TimeOnly Start, TimeOnly End,
    DateOnly ValidFrom, DateOnly? ValidUntil, PermanenceMode Mode, bool ObservesPublicHolidays, string? Notes, uint Version);

/// <summary>An appointment as the staff API returns it (contact included: the scope is the advisor and their managers).</summary>
public sealed record AppointmentDto(long Id, string AdvisorId, int OrganizationId, int PlaceId, string PlaceName, int MotifId, string MotifName,
    DateTimeOffset Start, DateTimeOffset End, AppointmentStatus Status, CancelledBy? CancelledBy, string ContactName, string? ContactPhone, string? ContactEmail,
    string? Message, long? ActivityId, long? BeneficiaryId, DateTimeOffset CreatedAt, uint Version);

/// <summary>The named file to link to the appointment (beneficiaireId), or null to unlink.</summary>
public sealed record AppointmentFileInput(long? BeneficiaireId);

/// <summary>The new status of an appointment: Honoured (honoré), NoShow (absent) or Cancelled (annulé par la structure).</summary>
public sealed record AppointmentStatusInput(AppointmentStatus? Statut);

/// <summary>/api/v1/permanences and the advisor's side of /api/v1/rendez-vous: the same scope and rules as the pages.</summary>
public static class AdvisorsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var permanences = api.MapGroup("/permanences").WithTags("Permanences").RequireAuthorization(Policies.ApiOrSession);
        permanences.MapGet("/", ListPermanences).WithName("ListPermanences")
            .WithSummary("Permanences de votre périmètre (les vôtres ; celles des conseillers des structures que vous gérez), filtrées par conseiller ou lieu, par pages.");
        permanences.MapGet("/{id:int}", GetPermanence).WithName("GetPermanence").WithSummary("Une permanence de votre périmètre.");
        permanences.MapPost("/", CreatePermanence).WithName("CreatePermanence")
            .WithSummary("Ajoute une plage hebdomadaire de permanence. Une plage qui chevauche une autre permanence du même conseiller est refusée.");
        permanences.MapPut("/{id:int}", UpdatePermanence).WithName("UpdatePermanence")
            .WithSummary("Modifie une permanence. En-tête If-Match : la version lue, pour ne pas écraser la modification d'un autre.");
        permanences.MapDelete("/{id:int}", DeletePermanence).WithName("DeletePermanence").WithSummary("Supprime une permanence (les rendez-vous pris restent prévus).");

        var appointments = api.MapGroup("/rendez-vous").WithTags("Rendez-vous").RequireAuthorization(Policies.ApiOrSession);
        appointments.MapGet("/", ListAppointments).WithName("ListAppointments")
            .WithSummary("Rendez-vous de votre périmètre, filtrés par période (du, au), statut, conseiller, lieu ; par pages, les plus proches d'abord.");
        appointments.MapGet("/{id:long}", GetAppointment).WithName("GetAppointment").WithSummary("Un rendez-vous de votre périmètre.");
        appointments.MapPost("/{id:long}/statut", ChangeStatus).WithName("ChangeAppointmentStatus")
            .WithSummary("Change le statut : Honoured (honoré) ou NoShow (absent) à partir de l'heure du rendez-vous, Cancelled (annulé par la structure, la personne est prévenue par e-mail) avant.");
        appointments.MapPut("/{id:long}/fiche", LinkFile).WithName("LinkAppointmentFile")
            .WithSummary("Rattache la fiche bénéficiaire (beneficiaireId, de la structure du rendez-vous) ou la détache (null) : le compte rendu sera fait pour elle.");
    }

    private static IQueryable<PermanenceDto> Project(IQueryable<Permanence> q) =>
        q.Select(p => new PermanenceDto(p.Id, p.AdvisorId, p.AdvisorProfile!.OrganizationId, p.PlaceId, p.Place!.Name, p.Day, p.Start, p.End, p.ValidFrom, p.ValidUntil, p.Mode, p.ObservesPublicHolidays, p.Notes, p.Version));

    private static IQueryable<AppointmentDto> Project(IQueryable<Appointment> q) =>
        q.Select(a => new AppointmentDto(a.Id, a.AdvisorId, a.OrganizationId, a.PlaceId, a.Place!.Name, a.MotifId, a.Motif!.Name, a.Start, a.End, a.Status, a.CancelledBy,
            a.ContactName, a.ContactPhone, a.ContactEmail, a.Message, a.ActivityId, a.BeneficiaryId, a.CreatedAt, a.Version));

    private static ProblemHttpResult Refused() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Accès refusé",
        detail: "L'agenda est réservé aux conseillers et à ceux qui les encadrent (structure, coordination).");

    public static async Task<Results<Ok<Paged<PermanenceDto>>, ProblemHttpResult>> ListPermanences(
        AppDbContext db, ScopeAccessor scopes, string? conseiller, int? lieu, int? page, int? pageSize, CancellationToken ct)
    {
        var access = await AgendaAccess.ForAsync(db, scopes, ct);
        if (!access.CanUseAgenda)
        {
            return Refused();
        }

        var q = access.Permanences(db.Permanences.AsNoTracking());
        if (conseiller is { Length: > 0 })
        {
            var advisor = conseiller == "moi" ? access.UserId ?? "" : conseiller;
            q = q.Where(p => p.AdvisorId == advisor);
        }

        if (lieu is { } placeId)
        {
            q = q.Where(p => p.PlaceId == placeId);
        }

        var (number, size) = Paging.Normalize(page, pageSize);
        var total = await q.CountAsync(ct);
        var items = await Project(q.OrderBy(p => p.AdvisorId).ThenBy(p => ((int)p.Day + 6) % 7).ThenBy(p => p.Start).ThenBy(p => p.Id).Skip((number - 1) * size).Take(size)).ToListAsync(ct);
        return TypedResults.Ok(new Paged<PermanenceDto>(items, number, size, total));
    }

    public static async Task<Results<Ok<PermanenceDto>, NotFound>> GetPermanence(int id, AppDbContext db, ScopeAccessor scopes, CancellationToken ct)
    {
        var access = await AgendaAccess.ForAsync(db, scopes, ct);
        return await Project(access.Permanences(db.Permanences.AsNoTracking()).Where(p => p.Id == id)).FirstOrDefaultAsync(ct) is { } dto
            ? TypedResults.Ok(dto) : TypedResults.NotFound();
    }

    public static async Task<Results<Created<PermanenceDto>, ValidationProblem, ProblemHttpResult>> CreatePermanence(
        PermanenceInput input, AppDbContext db, ScopeAccessor scopes, PermanenceService service, CancellationToken ct)
    {
        var access = await AgendaAccess.ForAsync(db, scopes, ct);
        if (!access.CanUseAgenda)
        {
            return Refused();
        }

        var result = await service.SaveAsync(access, null, input, null, ct);
        if (result.Status != PermanenceSaveStatus.Saved)
        {
            return TypedResults.ValidationProblem(Paging.CamelCaseKeys(result.Errors.ToDictionary(e => e.Key, e => e.Value)), title: "Données invalides");
        }

        var dto = await Project(db.Permanences.AsNoTracking().Where(p => p.Id == result.Value!.Id)).SingleAsync(ct);
        return TypedResults.Created($"/api/v1/permanences/{dto.Id.ToString(CultureInfo.InvariantCulture)}", dto);
    }

    public static async Task<Results<Ok<PermanenceDto>, ValidationProblem, NotFound, ProblemHttpResult>> UpdatePermanence(
        int id, PermanenceInput input, [FromHeader(Name = "If-Match")] string? ifMatch, AppDbContext db, ScopeAccessor scopes, PermanenceService service, CancellationToken ct)
    {
        uint? version = null;
        if (ifMatch is not null)
        {
            if (!uint.TryParse(ifMatch.Trim('"', ' ', 'W', '/'), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["If-Match"] = ["L'en-tête If-Match doit contenir la version lue (un nombre)."] }, title: "Données invalides");
            }

            version = v;
        }

        var access = await AgendaAccess.ForAsync(db, scopes, ct);
        var result = await service.SaveAsync(access, id, input, version, ct);
        switch (result.Status)
        {
            case PermanenceSaveStatus.NotFound:
                return TypedResults.NotFound();
            case PermanenceSaveStatus.Conflict:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflit", detail: "Cette permanence a été modifiée entre-temps : relisez-la puis renvoyez votre modification.");
            case PermanenceSaveStatus.Invalid:
                return TypedResults.ValidationProblem(Paging.CamelCaseKeys(result.Errors.ToDictionary(e => e.Key, e => e.Value)), title: "Données invalides");
        }

        return TypedResults.Ok(await Project(db.Permanences.AsNoTracking().Where(p => p.Id == id)).SingleAsync(ct));
    }

    public static async Task<Results<NoContent, NotFound>> DeletePermanence(int id, AppDbContext db, ScopeAccessor scopes, PermanenceService service, CancellationToken ct)
    {
        var access = await AgendaAccess.ForAsync(db, scopes, ct);
        return await service.DeleteAsync(access, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<Paged<AppointmentDto>>, ValidationProblem, ProblemHttpResult>> ListAppointments(
        AppDbContext db, ScopeAccessor scopes, DateOnly? du, DateOnly? au, AppointmentStatus? statut, string? conseiller, int? lieu, int? page, int? pageSize, CancellationToken ct)
    {
        var access = await AgendaAccess.ForAsync(db, scopes, ct);
        if (!access.CanUseAgenda)
        {
            return Refused();
        }

        if (du is { } from && au is { } to && from > to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["du"] = ["La date de début doit précéder la date de fin."] }, title: "Données invalides");
        }

        var q = access.Appointments(db.Appointments.AsNoTracking());
        if (du is { } first)
        {
            var start = AgendaText.StartOf(first);
            q = q.Where(a => a.Start >= start);
        }

        if (au is { } last)
        {
            var end = AgendaText.StartOf(last.AddDays(1));
            q = q.Where(a => a.Start < end);
        }

        if (statut is { } status)
        {
            q = q.Where(a => a.Status == status);
        }

        if (conseiller is { Length: > 0 })
        {
            var advisor = conseiller == "moi" ? access.UserId ?? "" : conseiller;
            q = q.Where(a => a.AdvisorId == advisor);
        }

        if (lieu is { } placeId)
        {
            q = q.Where(a => a.PlaceId == placeId);
        }

        var (number, size) = Paging.Normalize(page, pageSize);
        var total = await q.CountAsync(ct);
        var items = await Project(q.OrderBy(a => a.Start).ThenBy(a => a.Id).Skip((number - 1) * size).Take(size)).ToListAsync(ct);
        return TypedResults.Ok(new Paged<AppointmentDto>(items, number, size, total));
    }

    public static async Task<Results<Ok<AppointmentDto>, NotFound>> GetAppointment(long id, AppDbContext db, ScopeAccessor scopes, CancellationToken ct)
    {
        var access = await AgendaAccess.ForAsync(db, scopes, ct);
        return await Project(access.Appointments(db.Appointments.AsNoTracking()).Where(a => a.Id == id)).FirstOrDefaultAsync(ct) is { } dto
            ? TypedResults.Ok(dto) : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<AppointmentDto>, ValidationProblem, NotFound, ProblemHttpResult>> ChangeStatus(
        long id, AppointmentStatusInput input, AppDbContext db, ScopeAccessor scopes, AppointmentStatusService service, CancellationToken ct)
    {
        if (input.Statut is not ({ } target and (AppointmentStatus.Honoured or AppointmentStatus.NoShow or AppointmentStatus.Cancelled)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["statut"] = ["Indiquez le statut : Honoured (honoré), NoShow (absent) ou Cancelled (annulé)."] }, title: "Données invalides");
        }

        var access = await AgendaAccess.ForAsync(db, scopes, ct);
        var result = await service.ChangeAsync(access, id, target, ct);
        return result.Outcome switch
        {
            AppointmentStatusChange.NotFound => TypedResults.NotFound(),
            AppointmentStatusChange.Refused => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflit", detail: result.Message),
            _ => TypedResults.Ok(await Project(db.Appointments.AsNoTracking().Where(a => a.Id == id)).SingleAsync(ct)),
        };
    }

    public static async Task<Results<Ok<AppointmentDto>, ValidationProblem, NotFound, ProblemHttpResult>> LinkFile(
        long id, AppointmentFileInput input, AppDbContext db, ScopeAccessor scopes, AppointmentFiles files, CancellationToken ct)
    {
        var access = await AgendaAccess.ForAsync(db, scopes, ct);
        var (outcome, message) = await files.LinkAsync(access, id, input.BeneficiaireId, ct);
        return outcome switch
        {
            FileLinkOutcome.NotFound => TypedResults.NotFound(),
            FileLinkOutcome.Refused => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflit", detail: message),
            FileLinkOutcome.InvalidFile => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["beneficiaireId"] = [message!] }, title: "Données invalides"),
            _ => TypedResults.Ok(await Project(db.Appointments.AsNoTracking().Where(a => a.Id == id)).SingleAsync(ct)),
        };
    }
}
