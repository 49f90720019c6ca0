using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages;

/// <summary>Home page: a plain presentation for the public, shortcuts for signed-in staff, demo accounts when the demo is on.</summary>
[AllowAnonymous]
public sealed class IndexModel(IConfiguration configuration, AppDbContext db, ScopeAccessor scopes) : PageModel
{
    public bool IsDemo { get; private set; }
    public bool IsSignedIn { get; private set; }
    public string? DisplayName { get; private set; }
    public IReadOnlyList<string> RoleLabels { get; private set; } = [];
    public IReadOnlyList<StaffLink> Links { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        IsDemo = configuration.GetValue("Demo:Enabled", false);
        IsSignedIn = User.Identity?.IsAuthenticated == true;
        if (!IsSignedIn)
        {
            return;
        }

        var scope = await scopes.GetAsync(cancellationToken);
        if (scope.UserId is not null)
        {
            DisplayName = await db.Users.AsNoTracking()
                .Where(u => u.Id == scope.UserId)
                .Select(u => u.DisplayName)
                .FirstOrDefaultAsync(cancellationToken);
        }

        DisplayName ??= User.Identity?.Name;
        RoleLabels = scope.Roles.Order().Select(Roles.Label).ToList();
        Links = LinksFor(scope);
    }

    /// <summary>The same rules as the main navigation: what the user's grants let them reach.</summary>
    public static IReadOnlyList<StaffLink> LinksFor(UserScope scope)
    {
        var links = new List<StaffLink>();
        if (scope.CanManageUsers)
        {
            links.Add(new("/admin/utilisateurs", "Comptes", "Inviter des personnes, attribuer les rôles et leur périmètre, désactiver un compte."));
            links.Add(new("/admin/structures", "Structures", "Les associations, services et partenaires qui font vivre le réseau."));
            links.Add(new("/admin/territoires", "Territoires", "Communes, quartiers et quartiers prioritaires de la politique de la ville."));
        }

        if (scope.IsAdministrator)
        {
            links.Add(new("/admin/systeme/journal", "Journal d'audit", "Qui a fait quoi, et quand : connexions, droits, créations et exports."));
            links.Add(new("/admin/systeme/clients-api", "Clients API", "Les applications autorisées à lire ou écrire par l'API, et leurs jetons."));
        }

        links.Add(new("/compte", "Mon compte", "Vos informations, votre mot de passe et la double authentification."));
        return links;
    }
}

public sealed record StaffLink(string Href, string Title, string Description);
