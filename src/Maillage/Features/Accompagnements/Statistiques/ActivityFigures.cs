namespace Maillage.Features.Accompagnements.Statistiques;

/// <summary>Activities (records) and accompaniments (one per person: 1 for an individual record, each participant of a workshop).</summary>
public readonly record struct ActivityCount(int Activities, int Accompaniments)
{
    public static ActivityCount operator +(ActivityCount a, ActivityCount b) => new(a.Activities + b.Activities, a.Accompaniments + b.Accompaniments);
}

/// <summary>Duration bands of the figures: &lt; 30 min, 30 min–1 h, 1–2 h, ≥ 2 h.</summary>
public enum DurationBand
{
    Under30 = 1,
    From30To60 = 2,
    From60To120 = 3,
    From120 = 4,
}

/// <summary>The figures of a set of activity records over a period (both days included).</summary>
public sealed class ActivityFigures
{
    public DateOnly From { get; init; }
    public DateOnly To { get; init; }

    /// <summary>Every live record of the period, all types.</summary>
    public ActivityCount Total { get; init; }

    /// <summary>Minutes spent, all records together.</summary>
    public long TotalMinutes { get; init; }

    public required IReadOnlyDictionary<ActivityType, ActivityCount> ByType { get; init; }

    /// <summary>Individual accompaniments (records).</summary>
    public int Individual => ByType[ActivityType.Individual].Activities;

    /// <summary>Collective workshops (records).</summary>
    public int Workshops => ByType[ActivityType.Collective].Activities;

    /// <summary>Participants of the workshops, named and anonymous.</summary>
    public int WorkshopParticipants => ByType[ActivityType.Collective].Accompaniments;

    public int QuickRequests => ByType[ActivityType.QuickRequest].Activities;

    /// <summary>SUM(ParticipantCount): individual records plus workshop participants.</summary>
    public int Accompaniments => Total.Accompaniments;

    public required BeneficiaryFigures Beneficiaries { get; init; }

    /// <summary>Each theme's records; a record with several themes counts in each.</summary>
    public required IReadOnlyDictionary<ActivityTheme, ActivityCount> ByTheme { get; init; }

    /// <summary>Each démarche family's records (only records with the administrative procedures theme have any).</summary>
    public required IReadOnlyDictionary<ProcedureFamily, ActivityCount> ByProcedureFamily { get; init; }

    public required IReadOnlyDictionary<DurationBand, ActivityCount> ByDuration { get; init; }
    public required IReadOnlyDictionary<ActivityLocation, ActivityCount> ByLocation { get; init; }

    /// <summary>Each equipment's records; <see cref="ActivityEquipment.None"/> counts the records where nothing was said.</summary>
    public required IReadOnlyDictionary<ActivityEquipment, ActivityCount> ByEquipment { get; init; }

    /// <summary>Every month of the period, in order, zero months included.</summary>
    public required IReadOnlyList<MonthFigures> ByMonth { get; init; }

    public bool IsEmpty => Total.Activities == 0;
}

public sealed record MonthFigures(int Year, int Month, ActivityCount Count);

/// <summary>
/// People accompanied in the period. A named file counts once however many times the person came; each anonymous person
/// (an individual record without a file, an anonymous workshop participant) counts once per record, since nothing tells
/// two anonymous visits of the same person apart.
/// </summary>
public sealed class BeneficiaryFigures
{
    /// <summary>Distinct named files accompanied in the period (individual records and workshop participations).</summary>
    public int Followed { get; init; }

    /// <summary>Named files with no live record before the period (by any advisor of the organization holding the file).</summary>
    public int FollowedNew { get; init; }

    /// <summary>Named files with a live record before the period (by any advisor of the organization holding the file).</summary>
    public int FollowedReturning { get; init; }

    /// <summary>Individual records without a named file.</summary>
    public int AnonymousIndividual { get; init; }

    /// <summary>Anonymous workshop participants.</summary>
    public int AnonymousWorkshop { get; init; }

    /// <summary>Anonymous workshop participants counted as « déjà accompagnés ».</summary>
    public int AnonymousWorkshopReturning { get; init; }

    /// <summary>Anonymous workshop participants counted as coming for the first time.</summary>
    public int AnonymousWorkshopNew { get; init; }

    public int Anonymous => AnonymousIndividual + AnonymousWorkshop;

    public int Total => Followed + Anonymous;

    public int New => FollowedNew + AnonymousWorkshopNew;

    public int Returning => FollowedReturning + AnonymousWorkshopReturning;

    /// <summary>People whose history is not known: anonymous individual records and workshop participants not said new or returning.</summary>
    public int UnknownHistory => Total - New - Returning;

    public required IReadOnlyDictionary<AgeBand, int> ByAgeBand { get; init; }
    public required IReadOnlyDictionary<Gender, int> ByGender { get; init; }
    public required IReadOnlyDictionary<BeneficiaryStatus, int> ByStatus { get; init; }
}
