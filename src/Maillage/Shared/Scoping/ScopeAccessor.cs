using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Comptes;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Shared.Scoping;

/// <summary>Builds the current caller's <see cref="UserScope"/> once per request, for a signed-in user or an API client.</summary>
public sealed class ScopeAccessor(AppDbContext db, IHttpContextAccessor httpContextAccessor)
{
    public const string ApiClientIdClaim = "maillage:api-client";
    private UserScope? _scope;

    public async Task<UserScope> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_scope is not null)
        {
            return _scope;
        }

        var user = httpContextAccessor.HttpContext?.User;
        _scope = user?.Identity?.IsAuthenticated == true ? await ForPrincipalAsync(db, user, cancellationToken) : UserScope.Nobody;
        return _scope;
    }

    public static async Task<UserScope> ForPrincipalAsync(AppDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (int.TryParse(user.FindFirstValue(ApiClientIdClaim), out var clientId))
        {
            var client = await db.ApiClients.AsNoTracking()
                .Where(c => c.Id == clientId && c.RevokedAt == null)
                .Select(c => new ScopeGrant(c.Role, c.Territory != null ? c.Territory.Path : null, c.OrganizationId))
                .FirstOrDefaultAsync(cancellationToken);
            return client is null ? UserScope.Nobody : new UserScope(null, [client]);
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is null ? UserScope.Nobody : await ForUserAsync(db, userId, cancellationToken);
    }

    public static async Task<UserScope> ForUserAsync(AppDbContext db, string userId, CancellationToken cancellationToken = default)
    {
        var grants = await db.Grants.AsNoTracking()
            .Where(g => g.UserId == userId && g.User!.IsActive)
            .Select(g => new ScopeGrant(g.Role, g.Territory != null ? g.Territory.Path : null, g.OrganizationId))
            .ToListAsync(cancellationToken);
        return new UserScope(userId, grants);
    }
}
