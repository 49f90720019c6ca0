using System.Threading.RateLimiting;
using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Email;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Maillage.Shared.Web;

public static class RateLimits
{
    /// <summary>Anonymous public endpoints (API and forms of the public site).</summary>
    public const string Public = "public";

    /// <summary>Sign-in and password-reset forms, stricter against guessing.</summary>
    public const string Authentication = "authentication";
}

public static class WebSetup
{
    public const long MaxApiBodyBytes = 1024 * 1024;

    public static IHostApplicationBuilder AddMaillageWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddHttpContextAccessor();
        // French text is served as is: the default encoder would escape every accented letter as an entity.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton(TimeProvider.System);
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Admin", Policies.ManageAccounts);
            o.Conventions.AuthorizeFolder("/Admin/Systeme", Policies.Administration);
            o.Conventions.AuthorizeFolder("/Compte", Policies.Staff);
            o.Conventions.AuthorizeFolder("/Gestion", Policies.ManagePlaces);
            o.Conventions.AuthorizeFolder("/Materiel", Policies.ManagePlaces);
            o.Conventions.AuthorizeFolder("/Activites", Policies.Staff);
            o.Conventions.AuthorizeFolder("/Agenda", Policies.Staff);
            o.Conventions.AllowAnonymousToPage("/Agenda/FluxIcs");
            o.Conventions.AuthorizeFolder("/Beneficiaires", Policies.Staff);
            o.Conventions.AllowAnonymousToPage("/Compte/Connexion");
            o.Conventions.AllowAnonymousToPage("/Compte/ConnexionDeuxFacteurs");
            o.Conventions.AllowAnonymousToPage("/Compte/MotDePasseOublie");
            o.Conventions.AllowAnonymousToPage("/Compte/ReinitialiserMotDePasse");
            o.Conventions.AllowAnonymousToPage("/Compte/Invitation");
            o.Conventions.AllowAnonymousToPage("/Compte/Deconnexion");
            o.Conventions.ConfigureFilter(new TwoFactorEnrolmentFilter());
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "maillage.af";
            o.HeaderName = "X-CSRF-TOKEN";
        });

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions.TryAdd("traceId", ctx.HttpContext.TraceIdentifier);
            if (ctx.ProblemDetails is HttpValidationProblemDetails validation)
            {
                // Attribute validation names fields as in C# (Siret), the JSON says siret: one spelling for clients.
                var errors = Paging.CamelCaseKeys(new Dictionary<string, string[]>(validation.Errors));
                validation.Errors.Clear();
                foreach (var (key, value) in errors)
                {
                    validation.Errors[key] = value;
                }
            }

            // Framework defaults are English reason phrases: the API speaks French.
            ctx.ProblemDetails.Title = ctx.ProblemDetails.Status switch
            {
                400 when ctx.ProblemDetails.Title is null or "Bad Request" => "Requête invalide",
                400 when ctx.ProblemDetails.Title is "One or more validation errors occurred." => "Données invalides",
                409 when ctx.ProblemDetails.Title is null or "Conflict" => "Conflit",
                500 when ctx.ProblemDetails.Title is null or "An error occurred while processing your request." => "Erreur interne",
                401 => "Authentification requise",
                403 => "Accès refusé",
                404 => "Ressource introuvable",
                405 => "Méthode non autorisée",
                413 => "Requête trop volumineuse",
                415 => "Type de contenu non pris en charge",
                429 => "Trop de requêtes",
                _ => ctx.ProblemDetails.Title,
            };
            if (ctx.ProblemDetails.Status is 401 && ctx.ProblemDetails.Detail is null)
            {
                ctx.ProblemDetails.Detail = "Fournissez un jeton d'accès valide dans l'en-tête « Authorization: Bearer … ».";
            }

            if (ctx.ProblemDetails.Status is 403 && ctx.ProblemDetails.Detail is null)
            {
                ctx.ProblemDetails.Detail = "Ce jeton ne donne pas accès à cette ressource.";
            }

            if (ctx.ProblemDetails.Status is 404 && ctx.ProblemDetails.Detail is null)
            {
                ctx.ProblemDetails.Detail = "Aucune ressource ne correspond à cette adresse dans votre périmètre.";
            }
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddValidation();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer<ApiDocumentTransformer>());

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimits.Public, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = config.GetValue("RateLimiting:PublicPerMinute", 120), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.AddPolicy(RateLimits.Authentication, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = config.GetValue("RateLimiting:AuthenticationPerMinute", 20), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // « Signaler une erreur » (no account): a few reports per address and hour; showing the form counts as a public page.
            o.AddPolicy(Maillage.Features.Lieux.Signalements.PlaceReportLimits.Policy, ctx => HttpMethods.IsPost(ctx.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    "report:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "local"),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = config.GetValue("RateLimiting:ReportsPerHour", 5), Window = TimeSpan.FromHours(1), QueueLimit = 0 })
                : RateLimitPartition.GetFixedWindowLimiter(
                    ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = config.GetValue("RateLimiting:PublicPerMinute", 120), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (ctx, ct) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                if (!ApiPaths.IsApi(ctx.HttpContext.Request.Path))
                {
                    return; // pages: the status-code page "/erreur/429" explains it in plain French
                }

                var problems = ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx.HttpContext,
                    ProblemDetails = new ProblemDetails { Status = 429, Title = "Trop de requêtes", Detail = "Vous avez envoyé trop de requêtes en peu de temps : patientez une minute puis réessayez." },
                });
            };
        });

        services.AddDataProtection().SetApplicationName("Maillage").PersistKeysToDbContext<AppDbContext>();
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("base de données").AddCheck<PendingMigrationsHealthCheck>("migrations");
        services.Configure<SmtpOptions>(config.GetSection("Smtp"));
        services.AddTransient<IMailer, MailKitMailer>();
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddResponseCompression(o =>
        {
            // Assets and data only: HTML carries antiforgery tokens next to reflected input, which compression over HTTPS
            // would expose to BREACH-style guessing. The heavy part of a page (scripts, styles) is compressed.
            o.EnableForHttps = true;
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.MimeTypes = ["text/css", "text/javascript", "application/javascript", "application/json", "application/problem+json", "image/svg+xml", "text/csv", "application/geo+json"];
        });
        return builder;
    }

    /// <summary>Refuses to start in production with a missing or default secret, or with demo data enabled.</summary>
    public static void EnsureProductionReady(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsProduction())
        {
            return;
        }

        var key = builder.Configuration["Security:SigningKey"];
        if (string.IsNullOrWhiteSpace(key) || key == DevelopmentSigningKey || key.Length < 32)
        {
            throw new InvalidOperationException(
                "Security:SigningKey est absente, trop courte ou vaut la valeur de développement : définissez une clé secrète d'au moins 32 caractères " +
                "(variable d'environnement Security__SigningKey) avant de démarrer en production.");
        }

        if (builder.Configuration.GetValue("Demo:Enabled", false))
        {
            throw new InvalidOperationException("Demo:Enabled ne peut pas être activé en production : les données de démonstration ne doivent jamais y être créées.");
        }
    }

    public const string DevelopmentSigningKey = "developpement-uniquement-ne-pas-utiliser-en-production";

    /// <summary>Rejects API bodies larger than <see cref="MaxApiBodyBytes"/> with 413, whatever the server (Kestrel or test host).</summary>
    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (ApiPaths.IsApi(context.Request.Path))
        {
            var feature = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = MaxApiBodyBytes;
            }

            if (context.Request.ContentLength > MaxApiBodyBytes)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }
        }

        await next();
    });
}
