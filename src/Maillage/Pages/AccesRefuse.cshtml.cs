using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages;

/// <summary>Where the authentication cookie sends a signed-in user who lacks the right role (AccessDeniedPath).</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class AccesRefuseModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
