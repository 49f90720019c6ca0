using System.Security.Claims;
using Maillage.Data;

namespace Maillage.Features.Audit;

/// <summary>Writes audit entries through the request's DbContext, so an entry is saved atomically with the change it records.</summary>
public sealed class AuditLog(AppDbContext db, IHttpContextAccessor httpContextAccessor, TimeProvider clock)
{
    public const string SystemActor = "système";

    /// <summary>Adds an entry to the pending changes; the caller's SaveChanges writes it with its own change.</summary>
    public AuditEntry Record(string action, string? targetType = null, string? targetId = null, string? details = null, ClaimsPrincipal? actor = null, string? actorId = null, string? actorName = null)
    {
        var principal = actor ?? httpContextAccessor.HttpContext?.User;
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(),
            Action = action,
            TargetType = targetType,
            TargetId = targetId is { Length: > 64 } ? targetId[..64] : targetId,
            Details = details is { Length: > 1000 } ? details[..1000] : details,
            ActorId = actorId ?? ActorIdOf(principal) ?? SystemActor,
            ActorName = actorName ?? ActorNameOf(principal) ?? SystemActor,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    public async Task WriteAsync(string action, string? targetType = null, string? targetId = null, string? details = null, ClaimsPrincipal? actor = null, string? actorId = null, string? actorName = null)
    {
        Record(action, targetType, targetId, details, actor, actorId, actorName);
        await db.SaveChangesAsync();
    }

    private static string? ActorIdOf(ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? (principal.FindFirstValue(Shared.Scoping.ScopeAccessor.ApiClientIdClaim) is { } client ? "api:" + client : null) : null;

    private static string? ActorNameOf(ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.Email) ?? principal.Identity.Name : null;
}
