using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages;

/// <summary>
/// The human page behind <c>UseExceptionHandler("/Error")</c>. It never shows exception details: only a reference
/// (the request's trace identifier) that support can find in the logs. Any HTTP method lands here, so no antiforgery.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    /// <summary>Read lazily: a re-executed PUT or DELETE runs no handler.</summary>
    public string Reference => HttpContext.TraceIdentifier;

    public void OnGet()
    {
    }

    public void OnPost()
    {
    }
}
