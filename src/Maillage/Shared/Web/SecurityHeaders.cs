using System.Text.RegularExpressions;

namespace Maillage.Shared.Web;

/// <summary>Security headers on every response. No inline script anywhere: the CSP says so.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string ImageSourceItemKey = "Maillage.SecurityHeaders.ImageSource";

    /// <summary>
    /// Lets this response (only) show images from the host of <paramref name="urlTemplate"/>, a tile URL template such as
    /// https://{s}.tile.example.org/{z}/{x}/{y}.png ({s} becomes a *. wildcard). A template that is not a plain http(s) URL
    /// changes nothing: the map then shows its markers on a grey background.
    /// </summary>
    public static void AllowImagesFrom(HttpContext context, string urlTemplate)
    {
        if (ImageSource(urlTemplate) is { } source)
        {
            context.Items[ImageSourceItemKey] = source;
        }
    }

    /// <summary>scheme://host[:port] of a tile URL template, or null when it is not one we can put in a CSP.</summary>
    public static string? ImageSource(string urlTemplate)
    {
        var match = Regex.Match(urlTemplate, @"^(https?)://(?:\{s\}\.)?([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(:[0-9]{1,5})?/", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return null;
        }

        var wildcard = urlTemplate.Contains("://{s}.", StringComparison.Ordinal) ? "*." : "";
        return $"{match.Groups[1].Value}://{wildcard}{match.Groups[2].Value.ToLowerInvariant()}{match.Groups[3].Value}";
    }

    /// <summary>Pages meant to be shown inside partners' sites (an iframe): /embed and below.</summary>
    public static bool IsEmbeddable(PathString path) => path.StartsWithSegments("/embed", StringComparison.OrdinalIgnoreCase);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            if (!h.ContainsKey("Content-Security-Policy"))
            {
                // The API reference UI (Scalar) boots with one inline module script carrying a per-request nonce,
                // and injects its own style elements: only that page gets the nonce and inline styles.
                var policy = context.Items[Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey] is string nonce
                    ? ContentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'").Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
                    : ContentSecurityPolicy;

                // The public map (/lieux) loads its tiles from the configured tile host: images only, that response only.
                h.ContentSecurityPolicy = context.Items[ImageSourceItemKey] is string images
                    ? policy.Replace("img-src 'self' data:", $"img-src 'self' data: {images}")
                    : policy;

                // Partners frame the embeddable search (/embed/*) in their sites: those pages only may be framed, by anyone.
                if (IsEmbeddable(context.Request.Path))
                {
                    h.ContentSecurityPolicy = h.ContentSecurityPolicy.ToString().Replace("frame-ancestors 'none'", "frame-ancestors *");
                }
            }

            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            if (!IsEmbeddable(context.Request.Path))
            {
                h.XFrameOptions = "DENY";
            }

            h["Permissions-Policy"] = "camera=(), microphone=(), payment=(), geolocation=(self)";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next();
    });
}
