using System.Security.Claims;
using System.Text.Encodings.Web;
using Maillage.Data;
using Maillage.Shared.Scoping;
using Maillage.Shared.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Maillage.Features.Comptes;

/// <summary>Bearer tokens of <see cref="ApiClient"/>s: the presented token is hashed and looked up; revoked clients are refused.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AppDbContext db,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("Jeton absent ou mal formé.");
        }

        var hash = SecretTokens.Hash(token);
        var client = await db.ApiClients.AsNoTracking()
            .Where(c => c.TokenHash == hash && c.RevokedAt == null)
            .Select(c => new { c.Id, c.Name, c.Role, c.LastUsedAt })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (client is null)
        {
            return AuthenticateResult.Fail("Jeton inconnu ou révoqué.");
        }

        var now = clock.GetUtcNow();
        if (client.LastUsedAt is null || now - client.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            // Coarse "last used" so a busy client does not write on every request.
            await db.ApiClients.Where(c => c.Id == client.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ScopeAccessor.ApiClientIdClaim, client.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, client.Name),
                new Claim(ClaimTypes.Role, client.Role.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
