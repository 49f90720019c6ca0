using Maillage.Data;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Comptes;

public sealed record CallerDto(string Name, Role Role, int? TerritoryId, string? TerritoryName, int? OrganizationId, string? OrganizationName);

public sealed record GrantDto(Role Role, int? TerritoryId, string? TerritoryName, int? OrganizationId, string? OrganizationName);

public sealed record UserDto(string Id, string DisplayName, string Email, bool IsActive, IReadOnlyList<GrantDto> Grants);

public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/moi", Me).WithTags("Comptes").WithName("GetCaller").WithSummary("Le client API appelant : rôle et périmètre.").RequireAuthorization(Policies.Api);
        api.MapGet("/utilisateurs", Users).WithTags("Comptes").WithName("ListUsers").WithSummary("Comptes visibles dans votre périmètre (pas pour le rôle Lecteur).").RequireAuthorization(Policies.Api);
        return api;
    }

    public static async Task<Results<Ok<CallerDto>, UnauthorizedHttpResult>> Me(HttpContext http, AppDbContext db, CancellationToken ct)
    {
        if (!int.TryParse(http.User.FindFirst(ScopeAccessor.ApiClientIdClaim)?.Value, out var id))
        {
            return TypedResults.Unauthorized();
        }

        var dto = await db.ApiClients.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new CallerDto(c.Name, c.Role, c.TerritoryId, c.Territory != null ? c.Territory.Name : null, c.OrganizationId, c.Organization != null ? c.Organization.Name : null))
            .FirstAsync(ct);
        return TypedResults.Ok(dto);
    }

    public static async Task<Results<Ok<Paged<UserDto>>, ForbidHttpResult>> Users(AppDbContext db, ScopeAccessor scopes, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (scope.Roles.All(r => r == Role.Lecteur))
        {
            return TypedResults.Forbid();
        }

        var (p, size) = Paging.Normalize(page, pageSize);
        var query = scope.Users(db.Users.AsNoTracking());
        if (!string.IsNullOrWhiteSpace(q))
        {
            var like = $"%{q.Trim().ToLowerInvariant()}%";
            query = query.Where(u => EF.Functions.Like(u.DisplayName.ToLower(), like) || EF.Functions.Like(u.NormalizedEmail!.ToLower(), like));
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(u => u.DisplayName).ThenBy(u => u.Id).Skip((p - 1) * size).Take(size)
            .Select(u => new UserDto(u.Id, u.DisplayName, u.Email!, u.IsActive,
                u.Grants.Select(g => new GrantDto(g.Role, g.TerritoryId, g.Territory != null ? g.Territory.Name : null, g.OrganizationId, g.Organization != null ? g.Organization.Name : null)).ToList()))
            .ToListAsync(ct);
        return TypedResults.Ok(new Paged<UserDto>(items, p, size, total));
    }
}
