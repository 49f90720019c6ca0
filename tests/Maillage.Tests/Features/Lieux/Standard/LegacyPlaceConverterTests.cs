using System.Text;
using Maillage.Features.Lieux.Standard;

namespace Maillage.Tests.Features.Lieux.Standard;

public class LegacyPlaceConverterTests
{
    private const string Header =
        "id,pivot,nom,commune,code_postal,adresse,latitude,longitude,cle_ban,typologie,telephone,courriel,site_web,date_maj,"
        + "services,publics_accueillis,conditions_acces,labels_nationaux,labels_autres,modalites_accompagnement,accessibilite";

    [Fact]
    public void ALegacyCsvIsDetectedByItsFieldNamesAndConvertedToV1()
    {
        var csv = Header + "\r\n"
            + "7,00000000000000,Médiathèque,Roanne,42300,1 rue A,46.03,4.07,42187_0001_00001,BIB;MUNI,+33477000000,contact@media.fr,"
            + "\"https://media.fr/,https://facebook.com/media\",2022-08-17,"
            + "\"Prendre en main un ordinateur;Créer avec le numérique;S'équiper en matériel informatique\","
            + "\"Jeunes (16-26 ans);Seniors (+ 65 ans);Uniquement femmes;Public langues étrangères\","
            + "\"Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer;Payant : L'accès au lieu et/ou à ses services est payant;Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au lieu\","
            + "\"CNFS;APTIC;Fabriques de Territoire;Point relais CAF\",SudLabs;Réseau local,"
            + "\"Seul : j'ai accès à du matériel et une connexion;A ma place : une personne habilitée fait les démarches à ma place\","
            + "https://acceslibre.beta.gouv.fr/app/x/\r\n";
        var result = SamplePlaces.Read(csv);

        Assert.Equal(PlaceFileFormat.CsvLegacy, result.Format);
        Assert.Empty(result.Errors);
        var read = Assert.Single(result.Records);
        Assert.Equal(2, read.Line);
        var place = read.Place;
        Assert.Equal(["BIB", "MUNI"], place.Typology);
        Assert.Equal(["contact@media.fr"], place.Emails);
        Assert.Equal(["https://media.fr/", "https://facebook.com/media"], place.Websites);
        Assert.Equal(["Maîtrise des outils numériques du quotidien", "Loisirs et créations numériques", "Acquisition de matériel informatique à prix solidaire"], place.Services);
        Assert.Equal(["Jeunes", "Seniors", "Femmes"], place.SpecificPublics); // no "Adultes": the place targets these publics
        Assert.Equal(["Langues étrangères (autres)"], place.SpecificSupport);
        Assert.Equal(["Payant", "Gratuit sous condition"], place.Fees);
        Assert.Equal(["Conseillers numériques", "Point d'accès numérique CAF"], place.NationalPrograms);
        Assert.Equal(["Fabriques de Territoire"], place.TrainingsAndLabels);
        Assert.Equal("APTIC, SudLabs, Réseau local", place.OtherTrainingsAndLabels);
        Assert.Equal(["En autonomie", "Accompagnement individuel"], place.SupportModes);
        Assert.Equal("https://acceslibre.beta.gouv.fr/app/x/", place.AccessibilityUrl);
    }

    [Theory]
    [InlineData("Adultes;Seniors (+ 65 ans);Jeunes (16-26 ans)", "", "")]
    [InlineData("Adultes;Uniquement femmes;Surdité", "Femmes", "Surdité")]
    [InlineData("Familles/enfants", "Familles et/ou enfants", "")]
    [InlineData("Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes comportementales;Handicaps mentaux : déficiences limitant les activités d'une personne;Personnes en situation d'illettrisme;Déficience visuelle",
        "", "Handicaps mentaux|Illettrisme|Déficience visuelle")]
    public void PublicsAccueillisIsSplitIntoPublicsAndSupport(string legacy, string publics, string support)
    {
        var v1 = Convert(new() { ["publics_accueillis"] = legacy }, out var errors);
        Assert.Empty(errors);
        Assert.Equal(publics, v1[PlaceFields.SpecificPublics] ?? "");
        Assert.Equal(support, v1[PlaceFields.SpecificSupport] ?? "");
    }

    [Fact]
    public void EachOfTheFifteenLegacyServicesMapsToOneOfTheNineV1Services()
    {
        Assert.Equal(15, LegacyPlaceConverter.Services.Count);
        Assert.All(LegacyPlaceConverter.Services.Values, v => Assert.Contains(v, PlaceVocabulary.Services.Codes));
        Assert.Equal(PlaceVocabulary.Services.Codes.Order(), LegacyPlaceConverter.Services.Values.Distinct().Order());
        Assert.All(LegacyPlaceConverter.Fees.Values, v => Assert.Contains(v, PlaceVocabulary.Fees.Codes));
        Assert.All(LegacyPlaceConverter.SupportModes.Values, v => Assert.Contains(v, PlaceVocabulary.SupportModes.Codes));
        Assert.All(LegacyPlaceConverter.AgePublics.Values, v => Assert.Contains(v, PlaceVocabulary.SpecificPublics.Codes));
        Assert.All(LegacyPlaceConverter.SupportPublics.Values, v => Assert.Contains(v, PlaceVocabulary.SpecificSupport.Codes));
    }

    [Fact]
    public void AnUnknownLegacyValueIsReportedWithTheLegacyFieldAndTheRecordRejected()
    {
        var json = """
            [{ "id": "1", "pivot": "00000000000000", "nom": "Lieu", "commune": "Roanne", "code_postal": "42300", "adresse": "1 rue A",
               "date_maj": "2022-01-01", "services": "Prendre en main un ordinateur;Faire du vélo", "conditions_acces": "Gratuit" }]
            """;
        var result = PlaceFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "hinaura.json");

        Assert.Equal(PlaceFileFormat.JsonLegacy, result.Format);
        Assert.Empty(result.Records);
        Assert.Equal(
            new LineError(1, "services", "Faire du vélo", "« Faire du vélo » n'est pas un service reconnu dans l'ancien format 0.1 du standard."),
            Assert.Single(result.Errors));
    }

    [Fact]
    public void AValueAlreadyInItsV1FormIsAcceptedInALegacyFile()
    {
        var v1 = Convert(new() { ["services"] = "Aide aux démarches administratives", ["conditions_acces"] = "gratuit" }, out var errors);
        Assert.Empty(errors);
        Assert.Equal("Aide aux démarches administratives", v1[PlaceFields.Services]);
        Assert.Equal("Gratuit", v1[PlaceFields.Fees]);
    }

    [Fact]
    public void ALegacyResumeLongerThanTheV1LimitIsRejectedNotCut()
    {
        var values = new Dictionary<string, string?>
        {
            ["id"] = "1",
            ["pivot"] = "00000000000000",
            ["nom"] = "Lieu",
            ["commune"] = "Roanne",
            ["code_postal"] = "42300",
            ["adresse"] = "1 rue A",
            ["date_maj"] = "2022-01-01",
            ["courriel"] = "a@b.fr",
            ["presentation_resume"] = new string('é', 400),
        };
        var errors = new List<FieldError>();
        var place = PlaceFields.Parse(LegacyPlaceConverter.ToV1(values, errors), errors);
        Assert.Empty(errors);
        var error = Assert.Single(PlaceValidator.Validate(place));
        Assert.Equal("La présentation résumée ne doit pas dépasser 280 caractères (400 actuellement).", error.Message);
    }

    private static Dictionary<string, string?> Convert(Dictionary<string, string?> legacy, out List<FieldError> errors)
    {
        errors = [];
        return LegacyPlaceConverter.ToV1(legacy, errors);
    }
}
