using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Authorization;

namespace Maillage.Features.Comptes;

public static class Policies
{
    /// <summary>Any staff member holding at least one active grant.</summary>
    public const string Staff = "Staff";

    /// <summary>Administrateur of the deployment.</summary>
    public const string Administration = "Administration";

    /// <summary>Administrateur or Coordinateur: accounts, invitations, organizations.</summary>
    public const string ManageAccounts = "ManageAccounts";

    /// <summary>Administrateur, Coordinateur, or Structure (for its own places): the places back office.</summary>
    public const string ManagePlaces = "ManagePlaces";

    /// <summary>An API client authenticated by bearer token.</summary>
    public const string Api = "Api";

    /// <summary>A bearer token or the signed-in session: endpoints the application's own pages call (offline entry).</summary>
    public const string ApiOrSession = "ApiOrSession";
}

/// <summary>Requires one of the roles, read from the live grants (not from the cookie) so a removed grant takes effect at once.</summary>
public sealed class RoleRequirement(params Role[] roles) : IAuthorizationRequirement
{
    public IReadOnlyList<Role> Roles { get; } = roles;
}

public sealed class RoleRequirementHandler(ScopeAccessor scopes) : AuthorizationHandler<RoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var scope = await scopes.GetAsync();
        if (requirement.Roles.Count == 0 ? scope.IsAuthenticated : scope.Has([.. requirement.Roles]))
        {
            context.Succeed(requirement);
        }
    }
}
