using Microsoft.AspNetCore.Mvc.Rendering;

namespace Maillage.Shared.Web;

public static class FormHelpers
{
    /// <summary>The aria-invalid value of a field: "true" when ModelState holds an error for it.</summary>
    public static string Invalid(this IHtmlHelper html, string key) =>
        html.ViewData.ModelState[key]?.Errors.Count > 0 ? "true" : "false";

    /// <summary>Base URL for links sent by e-mail: the configured public URL, else the current request's origin.</summary>
    public static string PublicBaseUrl(this HttpRequest request, IConfiguration configuration) =>
        configuration["PublicUrl"] is { Length: > 0 } url ? url.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";
}
