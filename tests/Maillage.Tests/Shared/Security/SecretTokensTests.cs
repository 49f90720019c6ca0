using Maillage.Shared.Security;

namespace Maillage.Tests.Shared.Security;

public class SecretTokensTests
{
    [Fact]
    public void HashIsTheStableLowercaseSha256OfTheToken()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", SecretTokens.Hash("abc"));
        Assert.Equal(SecretTokens.Hash("mlg_jeton"), SecretTokens.Hash("mlg_jeton"));
        Assert.NotEqual(SecretTokens.Hash("mlg_jeton"), SecretTokens.Hash("mlg_jeton2"));
    }

    [Fact]
    public void NewTokensAreUrlSafeCarryTheirPrefixAndNeverRepeat()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => SecretTokens.New("mlg_")).ToList();
        Assert.Equal(100, tokens.Distinct().Count());
        Assert.All(tokens, t =>
        {
            Assert.StartsWith("mlg_", t);
            Assert.True(t.Length >= 4 + 43, "32 random bytes in base64url");
            Assert.Matches("^[A-Za-z0-9_-]+$", t);
        });
    }
}
