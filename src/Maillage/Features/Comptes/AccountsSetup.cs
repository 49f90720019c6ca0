using Maillage.Data;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Maillage.Features.Comptes;

public static class AccountsSetup
{
    /// <summary>Identity's PBKDF2 work factor (HMAC-SHA512), its default; each hash stores its own count, so raising it later
    /// keeps old passwords valid (they are rehashed at the next sign-in).</summary>
    public const int DefaultPasswordHashIterations = 100_000;

    /// <summary>
    /// Security:PasswordHashIterations: a deployment may raise the work factor, never lower it in production. Tests lower it
    /// (a hash costs 0.2 s of CPU here, and the suite creates and signs in hundreds of accounts); they still hash and verify
    /// through Identity's own hasher.
    /// </summary>
    private static int PasswordHashIterations(IHostApplicationBuilder builder)
    {
        var iterations = builder.Configuration.GetValue("Security:PasswordHashIterations", DefaultPasswordHashIterations);
        if (iterations < 1 || (builder.Environment.IsProduction() && iterations < DefaultPasswordHashIterations))
        {
            throw new InvalidOperationException(
                $"Security:PasswordHashIterations vaut {iterations} : en production, il faut au moins {DefaultPasswordHashIterations} itérations (la valeur par défaut).");
        }

        return iterations;
    }

    public static IHostApplicationBuilder AddMaillageAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Password.RequiredUniqueChars = 5;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = builder.Configuration.GetValue("Security:MaxFailedAccessAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(builder.Configuration.GetValue("Security:LockoutMinutes", 15));
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<MaillageSignInManager>()
            .AddErrorDescriber<FrenchIdentityErrorDescriber>()
            .AddDefaultTokenProviders();

        // Read at start, so that a production instance with a weakened work factor refuses to start.
        var iterations = PasswordHashIterations(builder);
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = iterations);
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(2));
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "maillage.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/connexion";
            o.LogoutPath = "/deconnexion";
            o.AccessDeniedPath = "/acces-refuse";
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;

            // The API answers with status codes, never with a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = context => ApiOr(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiOr(context, StatusCodes.Status403Forbidden);
        });

        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        services.AddScoped<ScopeAccessor>();
        services.AddScoped<IAuthorizationHandler, RoleRequirementHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser().AddRequirements(new RoleRequirement()))
            .AddPolicy(Policies.Administration, p => p.RequireAuthenticatedUser().AddRequirements(new RoleRequirement(Role.Administrateur)))
            .AddPolicy(Policies.ManageAccounts, p => p.RequireAuthenticatedUser().AddRequirements(new RoleRequirement(Role.Administrateur, Role.Coordinateur)))
            .AddPolicy(Policies.ManagePlaces, p => p.RequireAuthenticatedUser().AddRequirements(new RoleRequirement(Role.Administrateur, Role.Coordinateur, Role.Structure)))
            .AddPolicy(Policies.Api, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser().AddRequirements(new RoleRequirement()))
            .AddPolicy(Policies.ApiOrSession, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser().AddRequirements(new RoleRequirement()));

        services.AddScoped<Audit.AuditLog>();
        services.AddScoped<InvitationService>();
        services.AddScoped<SignInEvents>();
        if (builder.Configuration.GetValue("Retention:Enabled", true))
        {
            services.AddHostedService<RetentionJob>();
        }
        return builder;
    }

    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (Shared.Web.ApiPaths.IsApi(context.Request.Path))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
