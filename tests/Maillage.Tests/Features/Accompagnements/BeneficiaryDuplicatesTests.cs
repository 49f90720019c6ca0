using Maillage.Features.Accompagnements;
using Maillage.Shared.Text;

namespace Maillage.Tests.Features.Accompagnements;

public sealed class BeneficiaryDuplicatesTests
{
    [Theory]
    [InlineData("Zoé  FAURE-Martin", "zoe faure martin")]
    [InlineData("  Œdipe L'Hôte ", "oedipe l hote")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void NamesFoldToLowerCaseWithoutAccentsOrPunctuation(string? name, string folded) => Assert.Equal(folded, TextFold.Fold(name));

    [Fact]
    public void SimilarityIgnoresCaseAccentsAndWordOrder()
    {
        Assert.Equal(1, TextFold.Similarity("Zoé Faure", "FAURE zoe"));
        Assert.InRange(TextFold.Similarity("Dupont Jean", "Dupond Jean"), 0.7, 0.95);
        Assert.InRange(TextFold.Similarity("Jean Dupont", "Marie Curie"), 0, 0.2);
        Assert.Equal(0, TextFold.Similarity("", "Jean"));
    }

    [Fact]
    public void TheSamePersonTypedTwiceIsFoundWithReasons()
    {
        var match = BeneficiaryDuplicates.Compare(
            new BeneficiarySketch(2, "Zoé", "Faure", 1958, "42218"),
            new BeneficiarySketch(1, "zoe", "FAURE", 1958, "42218"));

        Assert.NotNull(match);
        Assert.Equal((1L, 2L), (match.FirstId, match.SecondId));
        Assert.Equal("noms proches à 100 %, née ou né en 1958, même commune", match.Reasons);
    }

    [Fact]
    public void ADifferentBirthYearOrCommuneIsNeverADuplicate()
    {
        Assert.Null(BeneficiaryDuplicates.Compare(new BeneficiarySketch(1, "Zoé", "Faure", 1958, "42218"), new BeneficiarySketch(2, "Zoé", "Faure", 1988, "42218")));
        Assert.Null(BeneficiaryDuplicates.Compare(new BeneficiarySketch(1, "Zoé", "Faure", 1958, "42218"), new BeneficiarySketch(2, "Zoé", "Faure", 1958, "42207")));
    }

    [Fact]
    public void AnUnknownBirthYearStillMeetsTheOtherFiles()
    {
        var files = new[]
        {
            new BeneficiarySketch(1, "Jean", "Dupont", 1970, "42218"),
            new BeneficiarySketch(2, "Jean", "Dupond", null, null),
            new BeneficiarySketch(3, "Marie", "Curie", 1970, "42218"),
            new BeneficiarySketch(4, "Jean", "Dupont", 1971, "42218"),
        };

        var pairs = BeneficiaryDuplicates.FindAll(files);

        Assert.Equal([(1L, 2L), (2L, 4L)], pairs.Select(p => (p.FirstId, p.SecondId)).Order());
    }
}
