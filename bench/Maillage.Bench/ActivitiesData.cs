using Maillage.Features.Accompagnements;

namespace Maillage.Bench;

/// <summary>One generated activity record, in the columns the bulk writers insert (the others keep their default).</summary>
public struct ActivityBulkRow
{
    public long Id;
    public ActivityType Type;
    public DateOnly Date;
    public int DurationMinutes;
    public ActivityLocation Location;
    public int? PlaceId;
    public string? LocationCommuneCode;
    public ActivityEquipment Equipment;
    public ActivityTheme Themes;
    public ProcedureFamily ProcedureFamilies;
    public string? ProcedureName;
    public Autonomy? Autonomy;
    public ReferralTarget? Referral;
    public string? WorkshopTitle;
    public WorkshopLevel? WorkshopLevel;
    public int ParticipantCount;
    public AgeBand BeneficiaryAgeBand;
    public Gender BeneficiaryGender;
    public BeneficiaryStatus BeneficiaryStatus;
    public string? BeneficiaryCommuneCode;
    public long? BeneficiaryId;
    public string AdvisorId;
    public int OrganizationId;
    public long CreatedAtTicks;
    public long? DeletedAtTicks;
    public string? DeletedById;
}

/// <summary>One count of anonymous workshop participants (ActivityParticipantCounts).</summary>
public readonly record struct CountRow(long ActivityId, ParticipantDimension Dimension, int Value, int Count);

/// <summary>One named workshop participant (ActivityParticipants).</summary>
public readonly record struct ParticipantRow(long ActivityId, long BeneficiaryId);

/// <summary>Writes the generated rows in bulk: SQLite prepared multi-row INSERTs, PostgreSQL binary COPY.</summary>
public interface IActivityBulkWriter : IAsyncDisposable
{
    ValueTask AddAsync(ActivityBulkRow row);

    /// <summary>Flushes the activities, then writes the workshop counts and participants.</summary>
    Task FinishAsync(IReadOnlyList<CountRow> counts, IReadOnlyList<ParticipantRow> participants);
}

/// <summary>Value lists and weights of the generated records (a national mix: mostly individual help, a third about procedures).</summary>
public static class ActivityMix
{
    public static readonly (ActivityTheme Theme, double Weight)[] Themes =
    [
        (ActivityTheme.DeviceHandling, 14), (ActivityTheme.Email, 10), (ActivityTheme.WebBrowsing, 8), (ActivityTheme.DigitalContent, 6),
        (ActivityTheme.OfficeSoftware, 5), (ActivityTheme.SocialNetworks, 5), (ActivityTheme.Health, 6), (ActivityTheme.BankingAndShopping, 5),
        (ActivityTheme.Employment, 7), (ActivityTheme.Security, 6), (ActivityTheme.DeviceMaintenance, 3), (ActivityTheme.DigitalDiagnosis, 4),
        (ActivityTheme.Parenting, 2), (ActivityTheme.Schooling, 2), (ActivityTheme.Creating, 2), (ActivityTheme.DigitalCulture, 3),
        (ActivityTheme.ArtificialIntelligence, 1), (ActivityTheme.SupportingProfessional, 1),
    ];

    public static readonly (ProcedureFamily Family, double Weight)[] Families =
    [
        (ProcedureFamily.SocialAndHealth, 25), (ProcedureFamily.MoneyAndTaxes, 15), (ProcedureFamily.WorkAndTraining, 15),
        (ProcedureFamily.IdentityAndCitizenship, 14), (ProcedureFamily.Housing, 10), (ProcedureFamily.FamilyAndSchooling, 8),
        (ProcedureFamily.Transport, 5), (ProcedureFamily.ForeignersAndEurope, 5), (ProcedureFamily.Justice, 1), (ProcedureFamily.Leisure, 1),
        (ProcedureFamily.Associations, 1),
    ];

    public static readonly string[] Procedures =
    [
        "Déclaration de revenus", "Demande de prime d'activité", "Renouvellement de carte d'identité", "Compte Ameli", "Inscription France Travail",
        "Demande de logement social", "Dossier de retraite", "Carte grise", "Aide personnalisée au logement", "Titre de séjour",
    ];

    public static readonly (string Title, ActivityTheme Theme)[] Workshops =
    [
        ("Protéger ses données personnelles", ActivityTheme.Security), ("Maîtriser les réseaux sociaux", ActivityTheme.SocialNetworks),
        ("Vérifier les sources d'information", ActivityTheme.DigitalCulture), ("Faire son CV", ActivityTheme.Employment),
        ("Vendre un objet en ligne", ActivityTheme.BankingAndShopping), ("Acheter en ligne", ActivityTheme.BankingAndShopping),
        ("Travailler à distance", ActivityTheme.OfficeSoftware), ("Consulter un médecin en téléconsultation", ActivityTheme.Health),
        ("Prendre en main sa tablette", ActivityTheme.DeviceHandling), ("Découvrir l'intelligence artificielle", ActivityTheme.ArtificialIntelligence),
    ];

    public static readonly (int Minutes, double Weight)[] IndividualDurations = [(15, 12), (30, 34), (45, 22), (60, 20), (90, 8), (120, 4)];
    public static readonly (AgeBand Band, double Weight)[] AgeBands =
    [
        (AgeBand.Unknown, 10), (AgeBand.From12To17, 2), (AgeBand.From18To24, 7), (AgeBand.From25To39, 17), (AgeBand.From40To59, 24),
        (AgeBand.From60To69, 18), (AgeBand.From70, 22),
    ];

    public static readonly (BeneficiaryStatus Status, double Weight)[] Statuses =
    [
        (BeneficiaryStatus.Unknown, 12), (BeneficiaryStatus.InEducation, 4), (BeneficiaryStatus.Unemployed, 22), (BeneficiaryStatus.Employed, 20),
        (BeneficiaryStatus.Retired, 42),
    ];

    /// <summary>Cumulative weights for <see cref="Pick"/>.</summary>
    public static double[] Cumulative(IEnumerable<double> weights)
    {
        var list = weights.ToList();
        var total = list.Sum();
        var result = new double[list.Count];
        var sum = 0.0;
        for (var i = 0; i < list.Count; i++)
        {
            sum += list[i];
            result[i] = sum / total;
        }

        result[^1] = 1.0;
        return result;
    }

    /// <summary>An index drawn along cumulative weights (binary search).</summary>
    public static int Pick(Random rng, double[] cumulative)
    {
        var index = Array.BinarySearch(cumulative, rng.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }
}
