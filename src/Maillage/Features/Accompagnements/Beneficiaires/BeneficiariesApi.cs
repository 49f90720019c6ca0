using System.Globalization;
using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Shared.Text;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Accompagnements.Beneficiaires;

/// <summary>A named file as the API shows it.</summary>
public sealed record BeneficiaryDto(
    long Id, int OrganizationId, string? FirstName, string? LastName, string? Phone, string? Email, int? BirthYear, AgeBand AgeBand,
    string? CommuneCode, string? CommuneName, Gender Gender, BeneficiaryStatus Status, string? Notes,
    DateTimeOffset ConsentAt, string ConsentById, string ConsentPurpose, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt, DateOnly? LastActivityOn, uint Version)
{
    public static BeneficiaryDto From(Beneficiary b, DateOnly today) => new(
        b.Id, b.OrganizationId, b.FirstName, b.LastName, b.Phone, b.Email, b.BirthYear, Beneficiary.AgeBandOf(b.BirthYear, today),
        b.CommuneCode, b.CommuneCode is null ? null : BeneficiaryCommunes.Name(b.CommuneCode), b.Gender, b.Status, b.Notes,
        b.ConsentAt, b.ConsentById, b.ConsentPurpose, b.CreatedAt, b.ModifiedAt, b.LastActivityOn, b.Version);
}

/// <summary>One page of files in id order; <see cref="Next"/> is the address of the following page, null on the last.</summary>
public sealed record BeneficiaryPage(IReadOnlyList<BeneficiaryDto> Items, string? Next);

/// <summary>The purpose to read to the person before POST, exactly as the server will store it.</summary>
public sealed record BeneficiaryPurposeDto(int OrganizationId, string Organization, int RetentionMonths, string Purpose);

public static class BeneficiariesApi
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 200;

    /// <summary>Services of the named files (the daily anonymisation of dormant files runs in the retention job).</summary>
    public static IServiceCollection AddBeneficiaries(this IServiceCollection services)
    {
        services.AddScoped<BeneficiaryService>();
        return services;
    }

    public static RouteGroupBuilder MapBeneficiariesApi(this RouteGroupBuilder api)
    {
        // An API client's bearer token, or the advisor's own session (the pages' cookie): same scope rules either way.
        var policy = new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme, ApiTokenAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser().AddRequirements(new RoleRequirement()).Build();
        var group = api.MapGroup("/beneficiaires").WithTags("Bénéficiaires").RequireAuthorization(policy);
        group.MapGet("/", List).WithName("ListBeneficiaries")
            .WithSummary("Fiches nominatives de vos structures (conseiller ou structure), recherche tolérante aux accents, pagination par curseur.")
            .WithDescription("`q` : mots du prénom et du nom, sans tenir compte des accents ni de la casse ; `after` : l'identifiant de la dernière fiche reçue ; " +
                $"`limit` : {DefaultLimit} par défaut, {MaxLimit} au plus. La réponse donne `next`, l'adresse de la page suivante (null sur la dernière). " +
                "Les fiches effacées n'apparaissent pas. Les coordinateurs de territoire, lecteurs et administrateurs n'ont pas accès aux fiches nominatives (404).");
        group.MapGet("/finalite", Purpose).WithName("GetBeneficiaryPurpose")
            .WithSummary("Le texte de la finalité à lire à la personne avant de créer sa fiche, tel qu'il sera enregistré.");
        group.MapPost("/", Create).WithName("CreateBeneficiary")
            .WithSummary("Crée une fiche nominative : `consentement: true` obligatoire, la finalité enregistrée est celle de GET /finalite.")
            .WithDescription("Champs : `firstName`, `lastName` (obligatoires), `phone` (numéro français), `email`, `birthYear` (1900 à l'année en cours), " +
                "`communeCode` (code INSEE), `gender`, `status`, `notes` (2000 caractères au plus), `organizationId` (si vous tenez des fiches pour plusieurs structures), " +
                "`consentement` (true : la personne a donné son accord après lecture de la finalité). Erreurs : 400 ValidationProblem, clés des champs en camelCase.");
        group.MapGet("/{id:long}", Get).WithName("GetBeneficiary")
            .WithSummary("Une fiche nominative de vos structures ; la lecture par une autre personne que son auteur est journalisée.");
        group.MapPut("/{id:long}", Update).WithName("UpdateBeneficiary")
            .WithSummary("Modifie une fiche ; le champ `version` doit être celui lu (409 sinon).");
        group.MapDelete("/{id:long}", Delete).WithName("EraseBeneficiary")
            .WithSummary("Efface une fiche (droit à l'effacement) : l'identité est supprimée, les statistiques et les accompagnements restent comptés.");
        group.MapGet("/{id:long}/export", Export).WithName("ExportBeneficiary")
            .WithSummary("Toutes les données de la personne (fiche, consentement, accompagnements) : droit d'accès et portabilité ; journalisé.");
        return group;
    }

    public static async Task<Results<Ok<BeneficiaryPage>, ValidationProblem, NotFound>> List(
        HttpContext http, AppDbContext db, ScopeAccessor scopes, BeneficiaryService service, string? q, long? after, int? limit, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.CanOpenBeneficiaries)
        {
            return TypedResults.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"La taille de page (limit) doit être comprise entre 1 et {MaxLimit}."];
        }

        if (q is { Length: > 100 })
        {
            errors["q"] = ["La recherche (q) ne doit pas dépasser 100 caractères."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Données invalides");
        }

        var size = limit ?? DefaultLimit;
        var query = BeneficiarySearch.Matching(access.Beneficiaries(db.Beneficiaries.AsNoTracking()), q);
        if (after is { } cursor)
        {
            query = query.Where(b => b.Id > cursor);
        }

        var rows = await query.OrderBy(b => b.Id).Take(size + 1).ToListAsync(ct);
        var today = service.Today;
        var items = rows.Take(size).Select(b => BeneficiaryDto.From(b, today)).ToList();
        string? next = null;
        if (rows.Count > size)
        {
            var parameters = new List<string> { "after=" + items[^1].Id.ToString(CultureInfo.InvariantCulture), "limit=" + size.ToString(CultureInfo.InvariantCulture) };
            if (!string.IsNullOrWhiteSpace(q))
            {
                parameters.Insert(0, "q=" + Uri.EscapeDataString(q.Trim()));
            }

            next = $"{http.Request.PathBase}/api/v1/beneficiaires?{string.Join('&', parameters)}";
        }

        return TypedResults.Ok(new BeneficiaryPage(items, next));
    }

    public static async Task<Results<Ok<BeneficiaryPurposeDto>, ValidationProblem, NotFound>> Purpose(
        AppDbContext db, ScopeAccessor scopes, BeneficiaryService service, int? organizationId, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var organizations = await service.OrganizationsAsync(access, ct);
        if (organizations.Count == 0)
        {
            return TypedResults.NotFound();
        }

        var organization = organizationId is { } id ? organizations.FirstOrDefault(o => o.Id == id) : organizations.Count == 1 ? organizations[0] : null;
        if (organization is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["organizationId"] = [organizationId is null
                    ? $"Vous tenez des fiches pour plusieurs structures : indiquez organizationId ({string.Join(", ", organizations.Select(o => o.Id))})."
                    : "Vous ne tenez pas de fiches pour cette structure."],
            }, title: "Données invalides");
        }

        return TypedResults.Ok(new BeneficiaryPurposeDto(organization.Id, organization.Name, service.RetentionMonths, service.PurposeFor(organization)));
    }

    public static async Task<Results<Created<BeneficiaryDto>, ValidationProblem, NotFound>> Create(
        BeneficiaryInput input, HttpContext http, AppDbContext db, ScopeAccessor scopes, BeneficiaryService service, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.CanOpenBeneficiaries || BeneficiaryActor.Of(http.User) is not { } actor)
        {
            return TypedResults.NotFound();
        }

        var result = await service.CreateAsync(access, actor, input, ct);
        if (!result.Succeeded)
        {
            return TypedResults.ValidationProblem(Keys(result.Errors), title: "Données invalides");
        }

        return TypedResults.Created($"/api/v1/beneficiaires/{result.File!.Id}", BeneficiaryDto.From(result.File, service.Today));
    }

    public static async Task<Results<Ok<BeneficiaryDto>, NotFound>> Get(long id, HttpContext http, AppDbContext db, ScopeAccessor scopes, BeneficiaryService service, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var file = await service.OpenAsync(access, BeneficiaryActor.Of(http.User), id, ct);
        return file is null ? TypedResults.NotFound() : TypedResults.Ok(BeneficiaryDto.From(file, service.Today));
    }

    public static async Task<Results<Ok<BeneficiaryDto>, ValidationProblem, NotFound, ProblemHttpResult>> Update(
        long id, BeneficiaryInput input, AppDbContext db, ScopeAccessor scopes, BeneficiaryService service, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (await service.FindAsync(access, id, ct) is null)
        {
            return TypedResults.NotFound();
        }

        if (input.Version is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["Indiquez la version lue de la fiche (champ version)."] }, title: "Données invalides");
        }

        var result = await service.UpdateAsync(access, id, input, input.Version, ct);
        return result.Status switch
        {
            BeneficiarySaveStatus.Updated => TypedResults.Ok(BeneficiaryDto.From(result.File!, service.Today)),
            BeneficiarySaveStatus.Invalid => TypedResults.ValidationProblem(Keys(result.Errors), title: "Données invalides"),
            BeneficiarySaveStatus.Conflict => TypedResults.Problem(statusCode: 409, title: "Conflit de modification", detail: "Cette fiche a été modifiée entre-temps : relisez-la puis recommencez."),
            _ => TypedResults.NotFound(),
        };
    }

    public static async Task<Results<NoContent, NotFound>> Delete(long id, AppDbContext db, ScopeAccessor scopes, BeneficiaryService service, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        return await service.EraseAsync(access, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    public static async Task<Results<JsonHttpResult<BeneficiaryExport>, NotFound>> Export(long id, HttpContext http, AppDbContext db, ScopeAccessor scopes, BeneficiaryService service, CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var export = await service.ExportAsync(access, BeneficiaryActor.Of(http.User), id, ct);
        if (export is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{export.FileName}\"";
        return TypedResults.Json(export, BeneficiaryExport.Json);
    }

    /// <summary>The errors keyed as the JSON names the fields (camelCase; the consent is « consentement »).</summary>
    private static Dictionary<string, string[]> Keys(IReadOnlyDictionary<string, string[]> errors) =>
        errors.ToDictionary(e => e.Key == nameof(BeneficiaryInput.Consent) ? "consentement" : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value);
}

/// <summary>The accent- and case-tolerant name search: every folded word of the query within the folded name.</summary>
public static class BeneficiarySearch
{
    public static IQueryable<Beneficiary> Matching(IQueryable<Beneficiary> files, string? q)
    {
        var live = files.Where(b => b.AnonymisedAt == null);
        foreach (var word in TextFold.Fold(q).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5))
        {
            // The folded form holds letters, digits and spaces only: no LIKE wildcard can come through.
            var pattern = "%" + word + "%";
            live = live.Where(b => EF.Functions.Like(b.SearchName!, pattern));
        }

        return live;
    }
}
