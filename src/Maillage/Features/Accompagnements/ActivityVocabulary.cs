using System.Globalization;
using Maillage.Shared.Text;

namespace Maillage.Features.Accompagnements;

// The value lists of an activity record, as the national "Coop" tool names them (PRODUCT.md, "Activity record"). The French
// labels are those of the tool's "Activités" export: the import of that export reads them back through ActivityLabels.

public enum ActivityType
{
    Individual = 1,
    Collective = 2,

    /// <summary>Demande ponctuelle: a quick request, no beneficiary, a few minutes.</summary>
    QuickRequest = 3,
}

public enum ActivityLocation
{
    /// <summary>Lieu d'activité: one of the advisor's places of the network.</summary>
    Place = 1,
    Home = 2,
    Remote = 3,
    OtherPlace = 4,
}

[Flags]
public enum ActivityEquipment
{
    None = 0,
    Computer = 1,
    Phone = 2,
    Tablet = 4,
    Other = 8,

    /// <summary>« Pas de matériel », said explicitly (not the same as nothing recorded).</summary>
    NoEquipment = 16,
}

/// <summary>Themes of an activity, several at once: a bit each, so that statistics over millions of records count with one AND.</summary>
[Flags]
public enum ActivityTheme : long
{
    None = 0,
    DigitalDiagnosis = 1L << 0,
    DeviceHandling = 1L << 1,
    DeviceMaintenance = 1L << 2,
    DigitalContent = 1L << 3,
    WebBrowsing = 1L << 4,
    Email = 1L << 5,
    OfficeSoftware = 1L << 6,
    SocialNetworks = 1L << 7,
    Health = 1L << 8,
    BankingAndShopping = 1L << 9,
    SupportingProfessional = 1L << 10,
    Employment = 1L << 11,
    Security = 1L << 12,
    Parenting = 1L << 13,
    Schooling = 1L << 14,
    Creating = 1L << 15,
    DigitalCulture = 1L << 16,
    ArtificialIntelligence = 1L << 17,

    /// <summary>Aide aux démarches administratives: the only theme that allows démarche families and a procedure's name.</summary>
    AdministrativeProcedures = 1L << 18,
}

/// <summary>Families of online administrative procedures (allowed only with <see cref="ActivityTheme.AdministrativeProcedures"/>).</summary>
[Flags]
public enum ProcedureFamily
{
    None = 0,
    IdentityAndCitizenship = 1 << 0,
    FamilyAndSchooling = 1 << 1,
    SocialAndHealth = 1 << 2,
    WorkAndTraining = 1 << 3,
    Housing = 1 << 4,
    Transport = 1 << 5,
    MoneyAndTaxes = 1 << 6,
    Justice = 1 << 7,
    ForeignersAndEurope = 1 << 8,
    Leisure = 1 << 9,
    Associations = 1 << 10,
}

public enum Autonomy
{
    Guided = 1,
    PartlyAutonomous = 2,
    Autonomous = 3,
}

public enum ReferralTarget
{
    Administration = 1,
    OtherDigitalMediation = 2,
    ProcedureOperator = 3,
    SocialSupport = 4,
    EmploymentSupport = 5,
    AdministrativeHelp = 6,
    Other = 99,
}

public enum WorkshopLevel
{
    Beginner = 1,
    Intermediate = 2,
    Advanced = 3,
}

public enum AgeBand
{
    Unknown = 0,
    Under12 = 1,
    From12To17 = 2,
    From18To24 = 3,
    From25To39 = 4,
    From40To59 = 5,
    From60To69 = 6,
    From70 = 7,
}

public enum Gender
{
    Unknown = 0,
    Female = 1,
    Male = 2,
}

public enum BeneficiaryStatus
{
    Unknown = 0,
    InEducation = 1,
    Unemployed = 2,
    Employed = 3,
    Retired = 4,
}

/// <summary>French labels of the value lists, and their reading back from a label (case, accents, spacing and dashes ignored).</summary>
public static class ActivityLabels
{
    /// <summary>The duration presets of the form, in minutes (15 min to 2 h); any other duration from 1 min to 8 h is typed.</summary>
    public static readonly IReadOnlyList<int> DurationPresets = [15, 30, 45, 60, 90, 120];

    public const int MinDurationMinutes = 1;
    public const int MaxDurationMinutes = 8 * 60;

    private static readonly Dictionary<Type, IReadOnlyList<(Enum Value, string Label)>> Lists = new()
    {
        [typeof(ActivityType)] = List<ActivityType>(
            (ActivityType.Individual, "Accompagnement individuel"),
            (ActivityType.Collective, "Atelier collectif"),
            (ActivityType.QuickRequest, "Demande ponctuelle")),
        [typeof(ActivityLocation)] = List<ActivityLocation>(
            (ActivityLocation.Place, "Lieu d'activité"),
            (ActivityLocation.Home, "À domicile"),
            (ActivityLocation.Remote, "À distance"),
            (ActivityLocation.OtherPlace, "Autre lieu")),
        [typeof(ActivityEquipment)] = List<ActivityEquipment>(
            (ActivityEquipment.Computer, "Ordinateur"),
            (ActivityEquipment.Phone, "Téléphone"),
            (ActivityEquipment.Tablet, "Tablette"),
            (ActivityEquipment.Other, "Autre"),
            (ActivityEquipment.NoEquipment, "Pas de matériel")),
        [typeof(ActivityTheme)] = List<ActivityTheme>(
            (ActivityTheme.DigitalDiagnosis, "Diagnostic numérique"),
            (ActivityTheme.DeviceHandling, "Prendre en main du matériel"),
            (ActivityTheme.DeviceMaintenance, "Maintenance de matériel"),
            (ActivityTheme.DigitalContent, "Gérer ses contenus numériques"),
            (ActivityTheme.WebBrowsing, "Navigation sur internet"),
            (ActivityTheme.Email, "E-mail"),
            (ActivityTheme.OfficeSoftware, "Bureautique"),
            (ActivityTheme.SocialNetworks, "Réseaux sociaux et communication"),
            (ActivityTheme.Health, "Santé"),
            (ActivityTheme.BankingAndShopping, "Banque et achats en ligne"),
            (ActivityTheme.SupportingProfessional, "Accompagner un professionnel"),
            (ActivityTheme.Employment, "Insertion professionnelle"),
            (ActivityTheme.Security, "Prévention en sécurité numérique"),
            (ActivityTheme.Parenting, "Parentalité"),
            (ActivityTheme.Schooling, "Scolarité et numérique"),
            (ActivityTheme.Creating, "Créer avec le numérique"),
            (ActivityTheme.DigitalCulture, "Culture numérique"),
            (ActivityTheme.ArtificialIntelligence, "Intelligence artificielle"),
            (ActivityTheme.AdministrativeProcedures, "Aide aux démarches administratives")),
        [typeof(ProcedureFamily)] = List<ProcedureFamily>(
            (ProcedureFamily.IdentityAndCitizenship, "Papiers - Élections - Citoyenneté"),
            (ProcedureFamily.FamilyAndSchooling, "Famille - Scolarité"),
            (ProcedureFamily.SocialAndHealth, "Social - Santé"),
            (ProcedureFamily.WorkAndTraining, "Travail - Formation - Entreprise"),
            (ProcedureFamily.Housing, "Logement"),
            (ProcedureFamily.Transport, "Transports - Mobilité"),
            (ProcedureFamily.MoneyAndTaxes, "Argent - Impôts"),
            (ProcedureFamily.Justice, "Justice"),
            (ProcedureFamily.ForeignersAndEurope, "Étrangers - Europe"),
            (ProcedureFamily.Leisure, "Loisirs - Sports - Culture"),
            (ProcedureFamily.Associations, "Associations")),
        [typeof(Autonomy)] = List<Autonomy>(
            (Autonomy.Guided, "Avec guidage"),
            (Autonomy.PartlyAutonomous, "Autonome avec guidage en cas de besoin"),
            (Autonomy.Autonomous, "Autonome")),
        [typeof(ReferralTarget)] = List<ReferralTarget>(
            (ReferralTarget.Administration, "Administration (mairie, préfecture…)"),
            (ReferralTarget.OtherDigitalMediation, "Autre structure de médiation numérique"),
            (ReferralTarget.ProcedureOperator, "Opérateur ou organisme en charge de la démarche"),
            (ReferralTarget.SocialSupport, "Structure d'aide sociale"),
            (ReferralTarget.EmploymentSupport, "Structure d'insertion professionnelle (France Travail, mission locale…)"),
            (ReferralTarget.AdministrativeHelp, "Structure d'aide aux démarches administratives (France Services…)"),
            (ReferralTarget.Other, "Autre")),
        [typeof(WorkshopLevel)] = List<WorkshopLevel>(
            (WorkshopLevel.Beginner, "Débutant"),
            (WorkshopLevel.Intermediate, "Intermédiaire"),
            (WorkshopLevel.Advanced, "Avancé")),
        [typeof(AgeBand)] = List<AgeBand>(
            (AgeBand.Under12, "Moins de 12 ans"),
            (AgeBand.From12To17, "12-17 ans"),
            (AgeBand.From18To24, "18-24 ans"),
            (AgeBand.From25To39, "25-39 ans"),
            (AgeBand.From40To59, "40-59 ans"),
            (AgeBand.From60To69, "60-69 ans"),
            (AgeBand.From70, "70 ans et plus"),
            (AgeBand.Unknown, "Non communiqué")),
        [typeof(Gender)] = List<Gender>(
            (Gender.Female, "Féminin"),
            (Gender.Male, "Masculin"),
            (Gender.Unknown, "Non communiqué")),
        [typeof(BeneficiaryStatus)] = List<BeneficiaryStatus>(
            (BeneficiaryStatus.InEducation, "Scolarisé"),
            (BeneficiaryStatus.Unemployed, "Sans emploi"),
            (BeneficiaryStatus.Employed, "En emploi"),
            (BeneficiaryStatus.Retired, "Retraité"),
            (BeneficiaryStatus.Unknown, "Non communiqué ou hétérogène")),
    };

    /// <summary>The values of a list with their labels, in the order of the national tool.</summary>
    public static IReadOnlyList<(T Value, string Label)> All<T>() where T : struct, Enum =>
        [.. Lists[typeof(T)].Select(x => ((T)x.Value, x.Label))];

    public static string Label<T>(T value) where T : struct, Enum =>
        Lists[typeof(T)].FirstOrDefault(x => x.Value.Equals(value)).Label ?? value.ToString();

    /// <summary>The labels of the flags set in a multi-valued value, in list order.</summary>
    public static IReadOnlyList<string> Labels<T>(T flags) where T : struct, Enum
    {
        var bits = Convert.ToInt64(flags, CultureInfo.InvariantCulture);
        return [.. Lists[typeof(T)].Where(x => Convert.ToInt64(x.Value, CultureInfo.InvariantCulture) is var v && v != 0 && (bits & v) == v).Select(x => x.Label)];
    }

    /// <summary>Reads a label back, ignoring case, accents, spacing and punctuation.</summary>
    public static bool TryParse<T>(string? label, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(label))
        {
            return false;
        }

        var key = Fold(label);
        foreach (var (candidate, text) in Lists[typeof(T)])
        {
            if (Fold(text) == key)
            {
                value = (T)candidate;
                return true;
            }
        }

        return false;
    }

    private static IReadOnlyList<(Enum, string)> List<T>(params (T Value, string Label)[] items) where T : struct, Enum =>
        [.. items.Select(i => ((Enum)i.Value, i.Label))];

    /// <summary>Labels compared without case, accents, spaces or punctuation (« E-mail » = « email »).</summary>
    private static string Fold(string text) => TextFold.Fold(text).Replace(" ", "", StringComparison.Ordinal);
}
