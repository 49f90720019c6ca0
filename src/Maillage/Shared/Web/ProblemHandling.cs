using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Shared.Web;

/// <summary>Turns exceptions on API routes into French ProblemDetails; pages fall through to the human error page.</summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!ApiPaths.IsApi(httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path))
        {
            return false;
        }

        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (413, "Requête trop volumineuse", "Le corps de la requête dépasse la taille autorisée."),
            BadHttpRequestException bad when bad.InnerException is System.Text.Json.JsonException || bad.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase) =>
                (400, "JSON invalide", "Le corps de la requête n'est pas un JSON valide ou ne correspond pas au format attendu."),
            BadHttpRequestException bad =>
                (bad.StatusCode, "Requête invalide", "La requête est mal formée : vérifiez les paramètres et le corps envoyés."),
            DbUpdateConcurrencyException =>
                (409, "Conflit de modification", "Cet enregistrement a été modifié entre-temps : rechargez-le puis recommencez."),
            _ => (500, "Erreur interne", "Une erreur inattendue est survenue. Elle a été enregistrée ; réessayez plus tard."),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception on {Path}", httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

public static class ApiPaths
{
    public static bool IsApi(PathString path) => path.StartsWithSegments("/api/v1") || path.StartsWithSegments("/openapi");
}
