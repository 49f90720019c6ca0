using Maillage.Shared.Security;

namespace Maillage.Tests.Shared.Security;

public class FrenchIdentifiersTests
{
    [Theory]
    [InlineData("73282932000074")]
    [InlineData("732 829 320 00074")]
    [InlineData("35600000000048")] // La Poste's head office follows Luhn
    public void ValidSiretHasNoError(string siret) => Assert.Null(FrenchIdentifiers.SiretError(siret));

    [Fact]
    public void LaPosteEstablishmentWhoseDigitsSumToAMultipleOfFiveIsValidThoughLuhnFails()
    {
        Assert.False(FrenchIdentifiers.Luhn("35600000049837"));
        Assert.Null(FrenchIdentifiers.SiretError("35600000049837"));
    }

    [Fact]
    public void LaPosteEstablishmentWhoseDigitsDoNotSumToAMultipleOfFiveIsInvalid() =>
        Assert.Equal("Ce SIRET n'est pas valide (clé de contrôle incorrecte).", FrenchIdentifiers.SiretError("35600000049838"));

    [Fact]
    public void SiretWithAWrongKeyIsRejectedInFrench() =>
        Assert.Equal("Ce SIRET n'est pas valide (clé de contrôle incorrecte).", FrenchIdentifiers.SiretError("73282932000075"));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("7328293200007")]
    [InlineData("732829320000740")]
    [InlineData("7328293200007A")]
    public void SiretOfTheWrongShapeIsRejectedInFrench(string? siret) =>
        Assert.Equal("Le SIRET doit comporter exactement 14 chiffres.", FrenchIdentifiers.SiretError(siret));

    [Fact]
    public void ValidSirenHasNoError() => Assert.Null(FrenchIdentifiers.SirenError("732829320"));

    [Theory]
    [InlineData("732829321", "Ce SIREN n'est pas valide (clé de contrôle incorrecte).")]
    [InlineData("73282932", "Le SIREN doit comporter exactement 9 chiffres.")]
    [InlineData("73282932A", "Le SIREN doit comporter exactement 9 chiffres.")]
    public void InvalidSirenIsRejectedInFrench(string siren, string expected) => Assert.Equal(expected, FrenchIdentifiers.SirenError(siren));

    [Theory]
    [InlineData("W423001234")]
    [InlineData("w423001234")]
    [InlineData("W9B1234567")]
    public void ValidRnaHasNoError(string rna) => Assert.Null(FrenchIdentifiers.RnaError(rna));

    [Theory]
    [InlineData("W42300123")]
    [InlineData("X423001234")]
    [InlineData("W4230012345")]
    [InlineData("WC23001234")]
    [InlineData("")]
    public void InvalidRnaIsRejectedInFrench(string rna) =>
        Assert.StartsWith("Le numéro RNA doit avoir la forme W", FrenchIdentifiers.RnaError(rna));
}
