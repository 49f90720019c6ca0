using Maillage.Features.Lieux.Standard;

namespace Maillage.Tests.Features.Lieux.Standard;

/// <summary>
/// Each rule, on a crafted bad line 5 of a CSV whose record on line 2 holds a quoted field spanning lines 2 to 4.
/// </summary>
public class PlaceValidationTests
{
    public static TheoryData<string, string?, string, string> BadValues => new()
    {
        { "id", "", "id", "Le champ « Identifiant » est obligatoire." },
        { "nom", " ", "nom", "Le champ « Nom » est obligatoire." },
        { "commune", null, "commune", "Le champ « Commune » est obligatoire." },
        { "adresse", "", "adresse", "Le champ « Adresse » est obligatoire." },
        { "pivot", "", "pivot", "Le champ « SIRET ou RNA » est obligatoire." },
        { "pivot", "434 933 123 00029", "pivot", "Le SIRET ou RNA doit comporter de 9 à 14 lettres ou chiffres, sans espace (exemple : 43493312300029 ou W751234567). Valeur reçue : « 434 933 123 00029 »." },
        { "code_postal", "4200", "code_postal", "Le code postal doit comporter 5 chiffres. Valeur reçue : « 4200 »." },
        { "code_postal", "", "code_postal", "Le champ « Code postal » est obligatoire." },
        { "code_insee", "20004", "code_insee", "Le code INSEE doit comporter 5 caractères : 5 chiffres, ou 2A / 2B suivi de 3 chiffres pour la Corse (exemple : 51454). Valeur reçue : « 20004 »." },
        { "telephone", "04 77 00 00 00", "telephone", "Le numéro de téléphone doit être au format international, sans espace ni zéro après l'indicatif (exemple : +33180059880). Valeur reçue : « 04 77 00 00 00 »." },
        { "courriels", "contact@soleil.fr|contact(at)soleil.fr", "courriels", "« contact(at)soleil.fr » n'est pas une adresse de courriel valide (exemple : contact@exemple.fr)." },
        { "site_web", "www.soleil.fr", "site_web", "« www.soleil.fr » n'est pas une adresse web valide : elle doit commencer par http:// ou https:// (exemple : https://www.exemple.fr/)." },
        { "fiche_acces_libre", "acceslibre", "fiche_acces_libre", "« acceslibre » n'est pas une adresse web valide : elle doit commencer par http:// ou https:// (exemple : https://www.exemple.fr/)." },
        { "prise_rdv", "ftp://rdv.fr", "prise_rdv", "« ftp://rdv.fr » n'est pas une adresse web valide : elle doit commencer par http:// ou https:// (exemple : https://www.exemple.fr/)." },
        { "presentation_resume", new string('a', 281), "presentation_resume", "La présentation résumée ne doit pas dépasser 280 caractères (281 actuellement)." },
        { "latitude", "95", "latitude", "La latitude doit être comprise entre -90 et 90 (degrés WGS84)." },
        { "longitude", "-181.5", "longitude", "La longitude doit être comprise entre -180 et 180 (degrés WGS84)." },
        { "latitude", "nord", "latitude", "La latitude « nord » n'est pas un nombre (exemple : 45.43389)." },
        { "date_maj", "", "date_maj", "Le champ « Date de mise à jour » est obligatoire." },
        { "date_maj", "2025-02-30", "date_maj", "La date de mise à jour « 2025-02-30 » n'est pas une date valide au format AAAA-MM-JJ." },
        { "services", "Aide aux démarches administratives|Toto", "services", "« Toto » n'est pas un service reconnu : valeurs possibles : Aide aux démarches administratives, Maîtrise des outils numériques du quotidien, Insertion professionnelle via le numérique, Utilisation sécurisée du numérique, Parentalité et éducation avec le numérique, Loisirs et créations numériques, Compréhension du monde numérique, Accès internet et matériel informatique, Acquisition de matériel informatique à prix solidaire." },
        { "publics_specifiquement_adresses", "Adultes", "publics_specifiquement_adresses", "« Adultes » n'est pas un public reconnu : valeurs possibles : Jeunes, Étudiants, Familles et/ou enfants, Seniors, Femmes." },
        { "prise_en_charge_specifique", "Braille", "prise_en_charge_specifique", "« Braille » n'est pas une prise en charge reconnue : valeurs possibles : Surdité, Handicaps moteurs, Handicaps mentaux, Illettrisme, Langues étrangères (anglais), Langues étrangères (autres), Déficience visuelle." },
        { "frais_a_charge", "Adhésion", "frais_a_charge", "« Adhésion » n'est pas une condition financière reconnue : valeurs possibles : Gratuit, Gratuit sous condition, Payant." },
        { "dispositif_programmes_nationaux", "CNFS", "dispositif_programmes_nationaux", "« CNFS » n'est pas un dispositif ou programme national reconnu : valeurs possibles : Aidants Connect, Bibliothèques numérique de référence, Certification PIX, Conseillers numériques, Emmaüs Connect, France Services, Grande école du numérique, La Croix Rouge, Point d'accès numérique CAF, Promeneurs du net, Relais numérique (Emmaüs Connect)." },
        { "formations_labels", "APTIC", "formations_labels", "« APTIC » n'est pas une formation ou un label reconnu : valeurs possibles : Formé à « Mon Espace Santé », Formé à « DUPLEX » (illettrisme), Arnia/MedNum BFC (Bourgogne-Franche-Comté), Collectif ressources et acteurs réemploi (Normandie), Étapes numériques(La Poste), Fabriques de Territoire, Les Éclaireurs du numérique (Drôme), Mes Papiers (Métropole de Lyon), ORDI 3.0, SUD LABS (PACA)." },
        { "modalites_acces", "Par courrier", "modalites_acces", "« Par courrier » n'est pas une modalité d'accès reconnue : valeurs possibles : Se présenter, Téléphoner, Contacter par mail, Prendre un RDV en ligne, Ce lieu n'accueille pas de public, Envoyer un mail avec une fiche de prescription." },
        { "modalites_accompagnement", "Seul", "modalites_accompagnement", "« Seul » n'est pas une modalité d'accompagnement reconnue : valeurs possibles : En autonomie, Accompagnement individuel, Dans un atelier collectif, À distance." },
        { "itinerance", "Mobile", "itinerance", "« Mobile » n'est pas une valeur d'itinérance reconnue : valeurs possibles : Itinérant, Fixe." },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void EachRuleRejectsTheBadLineWithItsFrenchMessageAndLineNumber(string field, string? value, string errorField, string message)
    {
        var bad = SamplePlaces.Values("lieu-2");
        bad[field] = value;
        var result = SamplePlaces.Read(SamplePlaces.Csv([SamplePlaces.Values("lieu-1"), bad]));

        var good = Assert.Single(result.Records);
        Assert.Equal(2, good.Line);
        Assert.Equal("Première ligne\nSeconde ligne, avec virgule\nTroisième ligne", good.Place.Description?.ReplaceLineEndings("\n"));
        var error = Assert.Single(result.Errors);
        Assert.Equal(5, error.Line);
        Assert.Equal(errorField, error.Field);
        Assert.Equal(message, error.Message);
        Assert.Equal([5], result.RejectedLines);
    }

    [Fact]
    public void TheSampleRecordHasNoError() => Assert.Empty(PlaceValidator.Validate(SamplePlaces.Record()));

    [Fact]
    public void ARecordWithOnlyTheRequiredFieldsIsValid()
    {
        var place = new PlaceRecord
        {
            Id = "a",
            Pivot = "W421234567",
            Name = "Lieu",
            Commune = "Roanne",
            PostalCode = "42300",
            Address = "1 place de l'Hôtel de Ville",
            UpdatedOn = new DateOnly(2025, 1, 2),
        };
        Assert.Empty(PlaceValidator.Validate(place));
    }

    [Fact]
    public void AnEmptyRecordListsEveryRequiredField()
    {
        var fields = PlaceValidator.Validate(new PlaceRecord()).Select(e => e.Field).Order();
        Assert.Equal(["adresse", "code_postal", "commune", "date_maj", "id", "nom", "pivot"], fields);
    }

    [Theory]
    [InlineData("2A004")]
    [InlineData("97411")]
    [InlineData("01001")]
    public void CorsicanAndOverseasInseeCodesAreValid(string insee) =>
        Assert.Empty(PlaceValidator.Validate(SamplePlaces.Record() with { InseeCode = insee }));

    [Fact]
    public void ALatitudeWithoutLongitudeIsRejected()
    {
        var error = Assert.Single(PlaceValidator.Validate(SamplePlaces.Record() with { Longitude = null }));
        Assert.Equal(new FieldError("longitude", null, "La latitude et la longitude vont ensemble : renseignez les deux ou aucune."), error);
    }

    [Fact]
    public void TheVersion102LabelIsAccepted() =>
        Assert.Empty(PlaceValidator.Validate(SamplePlaces.Record() with { TrainingsAndLabels = ["Étapes numériques(La Poste)"] }));
}
