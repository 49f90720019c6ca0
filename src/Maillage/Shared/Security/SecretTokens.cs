using System.Security.Cryptography;
using System.Text;

namespace Maillage.Shared.Security;

/// <summary>High-entropy random tokens (invitations, API clients). Only their SHA-256 is stored: a leaked database reveals no usable token.</summary>
public static class SecretTokens
{
    public static string New(string prefix = "")
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        return prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
