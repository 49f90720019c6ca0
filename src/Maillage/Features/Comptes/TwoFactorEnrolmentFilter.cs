using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Features.Comptes;

/// <summary>Administrators and coordinators must enrol a second factor before using any staff page (outside Development).</summary>
public sealed class TwoFactorEnrolmentFilter : IAsyncPageFilter
{
    public const string EnrolmentPage = "/Compte/DoubleAuthentification";
    private static readonly HashSet<string> Allowed = [EnrolmentPage, "/Compte/Deconnexion", "/Compte/Connexion", "/Compte/ConnexionDeuxFacteurs", "/Error", "/Erreur", "/AccesRefuse"];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var page = context.ActionDescriptor.ViewEnginePath;
        var config = http.RequestServices.GetRequiredService<IConfiguration>();
        if (http.User.Identity?.IsAuthenticated == true
            && config.GetValue("Security:RequireTwoFactorForStaff", true)
            && !Allowed.Contains(page)
            && !page.StartsWith("/Legal/", StringComparison.Ordinal))
        {
            var scope = await http.RequestServices.GetRequiredService<ScopeAccessor>().GetAsync();
            if (scope.Roles.Any(Roles.RequiresTwoFactor))
            {
                var users = http.RequestServices.GetRequiredService<UserManager<AppUser>>();
                var user = await users.GetUserAsync(http.User);
                if (user is { TwoFactorEnabled: false })
                {
                    context.Result = new RedirectToPageResult(EnrolmentPage, new { obligatoire = true });
                    return;
                }
            }
        }

        await next();
    }
}
