using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;

namespace Maillage.Tests.Features.Accompagnements.Beneficiaires;

/// <summary>The rules of a named file, each with its French message on its field, and the consent text.</summary>
public sealed class BeneficiaryRulesTests
{
    private const int ThisYear = 2026;

    private static BeneficiaryInput Valid() => new()
    {
        FirstName = " Zoé ",
        LastName = "Faure-Martin",
        Phone = "06.12.34.56.78",
        Email = "zoe.faure@exemple.fr",
        BirthYear = 1958,
        CommuneCode = "Saint-Étienne (42218)",
        Gender = Gender.Female,
        Status = BeneficiaryStatus.Retired,
        Notes = "Veut écrire à ses petits-enfants.",
        Consent = true,
    };

    private static IReadOnlyDictionary<string, string[]> ErrorsOf(Action<BeneficiaryInput> change, bool creating = true)
    {
        var input = Valid();
        change(input);
        var (errors, values) = BeneficiaryRules.Validate(input, ThisYear, creating, "42");
        Assert.Equal(errors.Count == 0, values is not null);
        return errors;
    }

    [Fact]
    public void AValidInputIsCleanedAndItsNameFoldedForTheSearch()
    {
        var (errors, values) = BeneficiaryRules.Validate(Valid(), ThisYear, creating: true, "42");
        Assert.Empty(errors);
        Assert.Equal("Zoé", values!.FirstName);
        Assert.Equal("06 12 34 56 78", values.Phone);
        Assert.Equal("42218", values.CommuneCode);

        var file = new Beneficiary { ConsentById = "x", ConsentPurpose = "x", CreatedById = "x" };
        BeneficiaryRules.Apply(values, file, DateTimeOffset.UtcNow);
        Assert.Equal("zoe faure martin", file.SearchName);
    }

    [Fact]
    public void FirstAndLastNameAreRequired()
    {
        var errors = ErrorsOf(i => { i.FirstName = " "; i.LastName = null; });
        Assert.Equal(["Indiquez le prénom de la personne."], errors[nameof(BeneficiaryInput.FirstName)]);
        Assert.Equal(["Indiquez le nom de famille de la personne."], errors[nameof(BeneficiaryInput.LastName)]);
        Assert.Contains("100 caractères", ErrorsOf(i => i.LastName = new string('a', 101))[nameof(BeneficiaryInput.LastName)][0]);
    }

    [Fact]
    public void ACreationWithoutConsentIsRefusedButAnEditNeedsNone()
    {
        Assert.Equal([BeneficiaryRules.ConsentMessage], ErrorsOf(i => i.Consent = null)[nameof(BeneficiaryInput.Consent)]);
        Assert.Equal([BeneficiaryRules.ConsentMessage], ErrorsOf(i => i.Consent = false)[nameof(BeneficiaryInput.Consent)]);
        Assert.Empty(ErrorsOf(i => i.Consent = null, creating: false));
    }

    [Theory]
    [InlineData("0612345678", "06 12 34 56 78")]
    [InlineData("+33 4 77 48 00 01", "04 77 48 00 01")]
    [InlineData("0033612345678", "06 12 34 56 78")]
    [InlineData("06-12-34-56-78", "06 12 34 56 78")]
    public void FrenchPhoneNumbersAreAcceptedInTheirUsualSpellings(string typed, string stored) =>
        Assert.Equal(stored, BeneficiaryRules.NormalizePhone(typed));

    [Theory]
    [InlineData("12345")]
    [InlineData("00 12 34 56 78")]
    [InlineData("+44 20 7946 0958")]
    [InlineData("06 12 34 56 7a")]
    public void OtherPhoneNumbersAreRefusedWithAnExample(string typed) =>
        Assert.Equal(["Le numéro de téléphone doit être un numéro français à 10 chiffres, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78."],
            ErrorsOf(i => i.Phone = typed)[nameof(BeneficiaryInput.Phone)]);

    [Fact]
    public void PhoneAndEmailAreOptionalButAnEmailMustBeValid()
    {
        Assert.Empty(ErrorsOf(i => { i.Phone = null; i.Email = " "; }));
        Assert.Equal(["L'adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr)."], ErrorsOf(i => i.Email = "zoe@")[nameof(BeneficiaryInput.Email)]);
    }

    [Theory]
    [InlineData(1899)]
    [InlineData(2027)]
    public void ABirthYearOutside1900ToThisYearIsRefused(int year) =>
        Assert.Equal(["L'année de naissance doit être comprise entre 1900 et 2026."], ErrorsOf(i => i.BirthYear = year)[nameof(BeneficiaryInput.BirthYear)]);

    [Fact]
    public void TheAgeBandFollowsTheBirthYear()
    {
        var today = new DateOnly(2026, 11, 23);
        Assert.Equal("60-69 ans", BeneficiaryRules.AgeBandLabel(1958, today));
        Assert.Equal("70 ans et plus", BeneficiaryRules.AgeBandLabel(1956, today));
        Assert.Equal("Non communiqué", BeneficiaryRules.AgeBandLabel(null, today));
    }

    [Theory]
    [InlineData("42218", "42218")]
    [InlineData("saint etienne", "42218")]
    [InlineData("SAINT-ÉTIENNE", "42218")]
    [InlineData("42000", "42218")]
    [InlineData("Saint-Chamond (42207)", "42207")]
    public void TheCommuneIsReadFromItsNameItsCodeOrItsPostalCode(string typed, string code)
    {
        var input = Valid();
        input.CommuneCode = typed;
        Assert.Equal(code, BeneficiaryRules.Validate(input, ThisYear, true, "42").Values!.CommuneCode);
    }

    [Fact]
    public void AnUnknownOrAmbiguousCommuneIsRefusedWithWhatToDo()
    {
        Assert.StartsWith("Commune « Atlantide » introuvable", ErrorsOf(i => i.CommuneCode = "Atlantide")[nameof(BeneficiaryInput.CommuneCode)][0]);
        Assert.StartsWith("Aucune commune n'a le code INSEE ou le code postal 00000", ErrorsOf(i => i.CommuneCode = "00000")[nameof(BeneficiaryInput.CommuneCode)][0]);

        // Several communes share the name; outside their départements the user must say which one.
        var (_, error) = BeneficiaryCommunes.Resolve("Saint-Martin", "42");
        Assert.StartsWith("Plusieurs communes s'appellent", error);
    }

    [Fact]
    public void NotesAreLimitedTo2000Characters()
    {
        Assert.Empty(ErrorsOf(i => i.Notes = new string('n', 2000)));
        Assert.Equal(["Les notes ne doivent pas dépasser 2000 caractères (actuellement 2001)."], ErrorsOf(i => i.Notes = new string('n', 2001))[nameof(BeneficiaryInput.Notes)]);
    }

    [Fact]
    public void UnknownListValuesAreRefused()
    {
        Assert.Contains(nameof(BeneficiaryInput.Gender), ErrorsOf(i => i.Gender = (Gender)42).Keys);
        Assert.Contains(nameof(BeneficiaryInput.Status), ErrorsOf(i => i.Status = (BeneficiaryStatus)42).Keys);
    }

    [Fact]
    public void ThePurposeNamesTheOrganizationThePeriodAndTheRightsAndAlwaysFitsItsColumn()
    {
        var text = BeneficiaryConsent.Purpose("MIFE Loire Sud", 24);
        Assert.StartsWith("MIFE Loire Sud conserve vos nom, prénom", text);
        Assert.Contains("effacées après 24 mois sans accompagnement", text);
        Assert.Contains("consulter, corriger, recevoir ou faire effacer", text);

        var longest = BeneficiaryConsent.Purpose(new string('S', 200), 120);
        Assert.Equal(BeneficiaryConsent.MaxLength, longest.Length);
        Assert.Contains("…", longest);
        Assert.EndsWith("délégué à la protection des données.", longest);
    }
}
