using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Maillage.Shared.Web;

/// <summary>Describes the API and its bearer authentication in the OpenAPI document.</summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "API Maillage",
            Version = "v1",
            Description = "API du réseau d'inclusion numérique. Authentification : jeton porteur (Bearer) d'un client API, créé par un administrateur. " +
                          "Chaque jeton a un rôle et un périmètre (territoire ou structure). Erreurs au format ProblemDetails (RFC 9457), en français.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "Jeton d'un client API : « Authorization: Bearer mlg_… »",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
