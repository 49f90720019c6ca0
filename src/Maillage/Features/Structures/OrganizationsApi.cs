using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Structures;

public sealed record OrganizationDto(int Id, string Name, OrganizationKind Kind, string? Siret, string? Rna, string? Address, string? PostalCode, string? CommuneCode, string? CommuneName, int TerritoryId, string TerritoryName, bool IsActive, uint Version);

public static class OrganizationsApi
{
    public static RouteGroupBuilder MapOrganizationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/structures").WithTags("Structures").RequireAuthorization(Policies.Api);
        group.MapGet("/", List).WithName("ListOrganizations").WithSummary("Structures de votre périmètre, paginées, avec recherche par nom, SIRET ou RNA.");
        group.MapGet("/{id:int}", Get).WithName("GetOrganization").WithSummary("Une structure de votre périmètre.");
        group.MapPost("/", Create).WithName("CreateOrganization").WithSummary("Crée une structure (administrateur ou coordinateur du territoire).");
        group.MapPut("/{id:int}", Update).WithName("UpdateOrganization").WithSummary("Modifie une structure ; le champ version doit être celui lu.");
        return group;
    }

    private static IQueryable<OrganizationDto> Project(IQueryable<Organization> q) => q.Select(o => new OrganizationDto(
        o.Id, o.Name, o.Kind, o.Siret, o.Rna, o.Address, o.PostalCode, o.Commune != null ? o.Commune.Code : null, o.Commune != null ? o.Commune.Name : null,
        o.TerritoryId, o.Territory!.Name, o.IsActive, o.Version));

    public static async Task<Ok<Paged<OrganizationDto>>> List(AppDbContext db, ScopeAccessor scopes, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var (p, size) = Paging.Normalize(page, pageSize);
        var query = scope.Organizations(db.Organizations.AsNoTracking());
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            var like = $"%{term.ToLowerInvariant()}%";
            query = query.Where(o => EF.Functions.Like(o.Name.ToLower(), like) || o.Siret == term || o.Rna == term.ToUpper());
        }

        var total = await query.CountAsync(ct);
        var items = await Project(query.OrderBy(o => o.Name).ThenBy(o => o.Id).Skip((p - 1) * size).Take(size)).ToListAsync(ct);
        return TypedResults.Ok(new Paged<OrganizationDto>(items, p, size, total));
    }

    public static async Task<Results<Ok<OrganizationDto>, NotFound>> Get(int id, AppDbContext db, ScopeAccessor scopes, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var dto = await Project(scope.Organizations(db.Organizations.AsNoTracking()).Where(o => o.Id == id)).FirstOrDefaultAsync(ct);
        return dto is null ? TypedResults.NotFound() : TypedResults.Ok(dto);
    }

    public static async Task<Results<Created<OrganizationDto>, ValidationProblem, ForbidHttpResult>> Create(OrganizationInput input, AppDbContext db, ScopeAccessor scopes, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (!scope.CanManageUsers)
        {
            return TypedResults.Forbid();
        }

        var (errors, commune, territory) = await OrganizationRules.CheckAsync(db, input, scope, null, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(Paging.CamelCaseKeys(errors), title: "Données invalides");
        }

        var org = new Organization { Name = input.Name!, CreatedAt = clock.GetUtcNow() };
        OrganizationRules.Apply(org, input, commune!, territory!);
        db.Organizations.Add(org);
        await db.SaveChangesAsync(ct);
        audit.Record(AuditActions.OrganizationCreated, "structure", org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), org.Name);
        await db.SaveChangesAsync(ct);
        var dto = await Project(db.Organizations.AsNoTracking().Where(o => o.Id == org.Id)).FirstAsync(ct);
        return TypedResults.Created($"/api/v1/structures/{org.Id}", dto);
    }

    public static async Task<Results<Ok<OrganizationDto>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> Update(int id, OrganizationInput input, AppDbContext db, ScopeAccessor scopes, AuditLog audit, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var org = await scope.Organizations(db.Organizations).Include(o => o.Territory).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (org is null)
        {
            return TypedResults.NotFound();
        }

        if (!scope.ManagesTerritoryPath(org.Territory!.Path))
        {
            return TypedResults.Forbid();
        }

        if (input.Version is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["Indiquez la version lue de la structure (champ version)."] }, title: "Données invalides");
        }

        var (errors, commune, territory) = await OrganizationRules.CheckAsync(db, input, scope, id, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(Paging.CamelCaseKeys(errors), title: "Données invalides");
        }

        if (org.Version != input.Version)
        {
            return TypedResults.Problem(statusCode: 409, title: "Conflit de modification", detail: "Cette structure a été modifiée entre-temps : relisez-la puis recommencez.");
        }

        OrganizationRules.Apply(org, input, commune!, territory!);
        audit.Record(AuditActions.OrganizationUpdated, "structure", org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), org.Name);
        await db.SaveChangesAsync(ct);
        var dto = await Project(db.Organizations.AsNoTracking().Where(o => o.Id == org.Id)).FirstAsync(ct);
        return TypedResults.Ok(dto);
    }
}
