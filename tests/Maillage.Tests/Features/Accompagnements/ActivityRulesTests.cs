using Maillage.Features.Accompagnements;
using Maillage.Tests.Infrastructure;

namespace Maillage.Tests.Features.Accompagnements;

/// <summary>Each rule of an activity record answers in French on its own field; a valid record passes untouched.</summary>
public sealed class ActivityRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static readonly ActivityRuleContext Context = new(Today, new HashSet<int> { 7 }, id => id is 7 or 8, id => id is 100 or 101);

    private static ActivityInput Individual() => new()
    {
        Type = ActivityType.Individual,
        Date = Today,
        DurationMinutes = 30,
        Location = ActivityLocation.Place,
        PlaceId = 7,
        Themes = [ActivityTheme.Email],
    };

    private static ActivityInput Workshop() => new()
    {
        Type = ActivityType.Collective,
        Date = Today.AddDays(-2),
        DurationMinutes = 120,
        Location = ActivityLocation.OtherPlace,
        LocationCommuneCode = MaillageFactory.SaintEtienne,
        Themes = [ActivityTheme.Security],
        WorkshopTitle = "Protéger ses données personnelles",
        AnonymousParticipants = 8,
        AnonymousByAgeBand = new() { [AgeBand.From60To69] = 5, [AgeBand.From70] = 3 },
    };

    [Fact]
    public void TheTypicalIndividualRecordAndAWorkshopPass()
    {
        Assert.Empty(ActivityRules.Validate(Individual(), Context));
        Assert.Empty(ActivityRules.Validate(Workshop(), Context));
        Assert.Equal(1, ActivityRules.ParticipantCount(Individual()));
        var workshop = Workshop();
        workshop.ParticipantIds = [100, 100, 101];
        Assert.Equal(10, ActivityRules.ParticipantCount(workshop));
    }

    public static TheoryData<string, string, string> Broken() => new()
    {
        { "future", "Date", "La date ne peut pas être dans le futur." },
        { "zero-duration", "DurationMinutes", "La durée doit être comprise entre 1 minute et 8 heures." },
        { "long-duration", "DurationMinutes", "La durée doit être comprise entre 1 minute et 8 heures." },
        { "no-theme", "Themes", "Choisissez au moins une thématique." },
        { "procedure-without-theme", "ProcedureFamilies", "Les démarches administratives ne se renseignent qu'avec la thématique « Aide aux démarches administratives »." },
        { "unknown-place", "PlaceId", "Ce lieu n'est pas l'un de vos lieux d'activité." },
        { "home-without-commune", "LocationCommuneCode", "Indiquez la commune où l'activité a eu lieu." },
        { "unknown-commune", "LocationCommuneCode", "Commune inconnue : choisissez-la dans la liste." },
        { "unknown-referral-place", "ReferralPlaceId", "Ce lieu d'orientation est inconnu : choisissez un lieu du réseau, ou seulement le type de structure." },
        { "unknown-beneficiary", "BeneficiaryId", "Ce bénéficiaire est introuvable dans les fiches de votre structure." },
        { "workshop-without-participant", "AnonymousParticipants", "Un atelier compte au moins un participant : indiquez leur nombre ou ajoutez des bénéficiaires." },
        { "workshop-without-title", "WorkshopTitle", "Indiquez le nom de l'atelier." },
        { "breakdown-too-large", "AnonymousByAgeBand", "La répartition par tranche d'âge compte 9 personnes pour 8 participants anonymes." },
        { "autonomy-on-workshop", "Autonomy", "Le niveau d'autonomie ne se renseigne que pour un accompagnement individuel." },
        { "quick-request-with-beneficiary", "BeneficiaryId", "Une demande ponctuelle ne se rattache à aucun bénéficiaire." },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void EachBrokenRuleIsReportedOnItsField(string mistake, string field, string message)
    {
        var input = mistake switch
        {
            "future" => With(Individual(), i => i.Date = Today.AddDays(1)),
            "zero-duration" => With(Individual(), i => i.DurationMinutes = 0),
            "long-duration" => With(Individual(), i => i.DurationMinutes = 481),
            "no-theme" => With(Individual(), i => i.Themes = []),
            "procedure-without-theme" => With(Individual(), i => i.ProcedureFamilies = [ProcedureFamily.Housing]),
            "unknown-place" => With(Individual(), i => i.PlaceId = 8),
            "home-without-commune" => With(Individual(), i => (i.Location, i.PlaceId) = (ActivityLocation.Home, null)),
            "unknown-commune" => With(Individual(), i => (i.Location, i.PlaceId, i.LocationCommuneCode) = (ActivityLocation.Home, null, "99999")),
            "unknown-referral-place" => With(Individual(), i => (i.Referral, i.ReferralPlaceId) = (ReferralTarget.AdministrativeHelp, 9)),
            "unknown-beneficiary" => With(Individual(), i => i.BeneficiaryId = 5),
            "workshop-without-participant" => With(Workshop(), w => (w.AnonymousParticipants, w.AnonymousByAgeBand) = (0, [])),
            "workshop-without-title" => With(Workshop(), w => w.WorkshopTitle = " "),
            "breakdown-too-large" => With(Workshop(), w => w.AnonymousByAgeBand[AgeBand.Under12] = 1),
            "autonomy-on-workshop" => With(Workshop(), w => w.Autonomy = Autonomy.Autonomous),
            "quick-request-with-beneficiary" => With(Individual(), i => (i.Type, i.BeneficiaryId) = (ActivityType.QuickRequest, 100)),
            _ => throw new ArgumentOutOfRangeException(nameof(mistake)),
        };

        var errors = ActivityRules.Validate(input, Context);

        var messages = Assert.Single(errors, e => e.Key == field).Value;
        Assert.Contains(message, messages);
        Assert.Single(errors);
    }

    [Fact]
    public void ADemarcheIsAcceptedWithItsTheme()
    {
        var input = With(Individual(), i =>
        {
            i.Themes = [ActivityTheme.AdministrativeProcedures];
            i.ProcedureFamilies = [ProcedureFamily.MoneyAndTaxes];
            i.ProcedureName = "Déclaration de revenus";
            i.Autonomy = Autonomy.Guided;
        });
        Assert.Empty(ActivityRules.Validate(input, Context));
    }

    [Fact]
    public void AMissingTypeStopsAtThatOneMessage()
    {
        var errors = ActivityRules.Validate(new ActivityInput(), Context);
        Assert.Equal(["Type"], errors.Keys);
    }

    private static ActivityInput With(ActivityInput input, Action<ActivityInput> change)
    {
        change(input);
        return input;
    }
}
