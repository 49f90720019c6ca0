using Maillage.Features.Lieux.Standard;
using Xunit.Abstractions;

namespace Maillage.Tests.Features.Lieux.Standard;

public class PlaceVocabularyTests(ITestOutputHelper output)
{
    [Fact]
    public void OrderedFieldsAreExactlyTheColumnsOfSchemaV101()
    {
        if (LieuxReference.File("schema-v1.0.1.json", output) is not { } path)
        {
            return;
        }

        var schema = LieuxReference.Schema(path);
        Assert.Equal(32, PlaceFields.Ordered.Count);
        Assert.Equal(schema.Select(f => f.Name), PlaceFields.Ordered);
    }

    [Fact]
    public void RequiredFieldsAndResumeLengthAreThoseOfTheSchema()
    {
        if (LieuxReference.File("schema-v1.0.1.json", output) is not { } path)
        {
            return;
        }

        var schema = LieuxReference.Schema(path);
        Assert.Equal(schema.Where(f => f.Required).Select(f => f.Name), PlaceFields.All.Where(f => f.Required).Select(f => f.Name));
        Assert.Equal(schema.Single(f => f.Name == PlaceFields.Summary).MaxLength, PlaceVocabulary.SummaryMaxLength);
        Assert.Equal(["latitude", "longitude"], schema.Where(f => f.Type == "number").Select(f => f.Name));
        Assert.Equal(["date_maj"], schema.Where(f => f.Type == "date").Select(f => f.Name));
    }

    [Fact]
    public void SingleValuedPatternsAreCopiedFromTheSchemaCharacterForCharacter()
    {
        if (LieuxReference.File("schema-v1.0.1.json", output) is not { } path)
        {
            return;
        }

        var schemaPatterns = LieuxReference.Schema(path)
            .Where(f => f.Pattern is not null && f.Enumeration is null)
            .ToDictionary(f => f.Name, f => f.Pattern!);
        Assert.Equal(schemaPatterns.OrderBy(p => p.Key), PlaceVocabulary.Patterns.OrderBy(p => p.Key));
    }

    [Fact]
    public void EveryEnumerationHeldInCodeIsIdenticalToTheSchemaV101Pattern()
    {
        if (LieuxReference.File("schema-v1.0.1.json", output) is not { } path)
        {
            return;
        }

        var enumerations = LieuxReference.Schema(path).Where(f => f.Enumeration is not null).ToList();
        Assert.Equal(enumerations.Select(f => f.Name).Order(), PlaceVocabulary.Enumerations.Keys.Order());
        foreach (var field in enumerations)
        {
            Assert.Equal(field.Enumeration!, PlaceVocabulary.Enumerations[field.Name].CodesIn("1.0.1"));
        }
    }

    [Fact]
    public void SchemaV102AddsOnlyTheEtapesNumeriquesLabelAndCodeHoldsIt()
    {
        if (LieuxReference.File("schema-v1.0.2.json", output) is not { } path)
        {
            return;
        }

        var enumerations = LieuxReference.Schema(path).Where(f => f.Enumeration is not null).ToList();
        Assert.Equal(enumerations.Select(f => f.Name).Order(), PlaceVocabulary.Enumerations.Keys.Order());
        foreach (var field in enumerations)
        {
            Assert.Equal(field.Enumeration!, PlaceVocabulary.Enumerations[field.Name].CodesIn("1.0.2"));
        }

        var added = PlaceVocabulary.Enumerations.Values.SelectMany(l => l.Terms).Where(t => t.SinceVersion == "1.0.2").ToList();
        var term = Assert.Single(added);
        Assert.Equal("Étapes numériques(La Poste)", term.Code);
        Assert.Equal("Étapes numériques (La Poste)", term.Label);
    }

    [Theory]
    [InlineData("services", "maitrise des outils numeriques du quotidien", "Maîtrise des outils numériques du quotidien")]
    [InlineData("modalites_accompagnement", "Dans un atelier collectif : j'apprends collectivement à utiliser le numérique", "Dans un atelier collectif")]
    [InlineData("formations_labels", "Étapes numériques (La Poste)", "Étapes numériques(La Poste)")]
    [InlineData("frais_a_charge", "GRATUIT", "Gratuit")]
    [InlineData("typologie", "tiers_lieux", "TIERS_LIEUX")]
    public void ALabelOrACodeTypedLooselyIsNormalizedToItsCode(string field, string typed, string code) =>
        Assert.Equal(code, PlaceVocabulary.Lists[field].Normalize(typed));

    [Fact]
    public void AnUnknownValueIsNotNormalized() => Assert.Null(PlaceVocabulary.Services.Normalize("Toto"));

    [Fact]
    public void LabelsAreShownInFrenchAndUnknownCodesAsThey()
    {
        Assert.Equal("À distance (par téléphone ou en visioconférence)", PlaceVocabulary.SupportModes.LabelOf("À distance"));
        Assert.Equal("Centre communal d'action sociale (CCAS)", PlaceVocabulary.Typology.LabelOf("CCAS"));
        Assert.Equal("XYZ", PlaceVocabulary.Typology.LabelOf("XYZ"));
    }
}
