namespace Maillage.Shared.Web;

/// <summary>Security headers on every response. No inline script anywhere: the CSP says so.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            if (!h.ContainsKey("Content-Security-Policy"))
            {
                // The API reference UI (Scalar) boots with one inline module script carrying a per-request nonce,
                // and injects its own style elements: only that page gets the nonce and inline styles.
                h.ContentSecurityPolicy = context.Items[Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey] is string nonce
                    ? ContentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'").Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
                    : ContentSecurityPolicy;
            }

            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            h.XFrameOptions = "DENY";
            h["Permissions-Policy"] = "camera=(), microphone=(), payment=(), geolocation=(self)";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next();
    });
}
