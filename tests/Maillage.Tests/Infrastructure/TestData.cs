using System.Security.Cryptography;
using Maillage.Shared.Security;

namespace Maillage.Tests.Infrastructure;

/// <summary>Unique, valid values for tests that must not collide with each other.</summary>
public static class TestData
{
    /// <summary>A random SIRET whose Luhn key is right (never La Poste's SIREN).</summary>
    public static string NewSiret()
    {
        while (true)
        {
            var digits = new char[14];
            for (var i = 0; i < 13; i++)
            {
                digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }

            for (var key = 0; key < 10; key++)
            {
                digits[13] = (char)('0' + key);
                var siret = new string(digits);
                if (FrenchIdentifiers.Luhn(siret) && !siret.StartsWith("356000000", StringComparison.Ordinal))
                {
                    return siret;
                }
            }
        }
    }

    public static string NewEmail(string prefix = "test") => $"{prefix}.{Guid.NewGuid():N}@exemple.test";

    public const string Password = "Mot-de-passe-de-test-2026";
}
