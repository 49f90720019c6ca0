using System.Security.Cryptography;
using System.Text;
using Maillage.Shared.Security;
using Maillage.Shared.Web;

namespace Maillage.Features.Agenda;

/// <summary>
/// The secret links a person manages an appointment or a registration with. The token is an HMAC, under the instance's
/// signing key, of a random value kept with the row: the database holds that value and the token's hash, never the token,
/// so a copy of the database alone opens nothing; yet later messages (reminders, a waiting list's promotion) can carry the
/// same link as the confirmation, recomputed with the key.
/// </summary>
public sealed class ManagementLinks(IConfiguration configuration, IHttpContextAccessor http)
{
    public const string AppointmentPrefix = "rdv_";
    public const string RegistrationPrefix = "atl_";

    private byte[] Key => Encoding.UTF8.GetBytes(configuration["Security:SigningKey"] is { Length: > 0 } key ? key : WebSetup.DevelopmentSigningKey);

    /// <summary>A new token, the random value to keep with the row, and the token's hash to look it up by.</summary>
    public (string Token, string Nonce, string Hash) New(string prefix)
    {
        var nonce = SecretTokens.New();
        var token = Derive(prefix, nonce);
        return (token, nonce, SecretTokens.Hash(token));
    }

    /// <summary>The row's token again; null for a row made without a random value, or after the signing key changed.</summary>
    public string? Recover(string prefix, string? nonce, string hash)
    {
        if (string.IsNullOrEmpty(nonce))
        {
            return null;
        }

        var token = Derive(prefix, nonce);
        return SecretTokens.Hash(token) == hash ? token : null;
    }

    /// <summary>The origin of links sent by e-mail or SMS: PublicUrl, else the current request's; null in a background job without PublicUrl.</summary>
    public string? BaseUrl() =>
        configuration["PublicUrl"] is { Length: > 0 } url ? url.TrimEnd('/')
        : http.HttpContext?.Request is { } request ? request.PublicBaseUrl(configuration)
        : null;

    private string Derive(string prefix, string nonce)
    {
        var mac = HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes("maillage-agenda:" + prefix + nonce));
        return prefix + Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
