using Maillage.Features.Lieux;
using Maillage.Features.Structures;

namespace Maillage.Features.Accompagnements;

/// <summary>
/// An activity record (compte rendu d'activité): one individual accompaniment, one collective workshop, or one quick request.
/// Held by the organization the advisor recorded it for (its scope), never hard-deleted (<see cref="DeletedAt"/>).
/// Multi-valued lists are flag columns so that the statistics over millions of records stay single-table scans.
/// </summary>
public class Activity : IVersioned
{
    public long Id { get; set; }
    public ActivityType Type { get; set; }

    /// <summary>The day it took place (Paris time), never in the future.</summary>
    public DateOnly Date { get; set; }
    public int DurationMinutes { get; set; }

    public ActivityLocation Location { get; set; }

    /// <summary>The place of the network where it happened (<see cref="ActivityLocation.Place"/>).</summary>
    public int? PlaceId { get; set; }
    public Place? Place { get; set; }

    /// <summary>INSEE code of the commune for « à domicile » and « autre lieu ».</summary>
    public string? LocationCommuneCode { get; set; }

    public ActivityEquipment Equipment { get; set; }
    public ActivityTheme Themes { get; set; }

    /// <summary>Only with <see cref="ActivityTheme.AdministrativeProcedures"/>.</summary>
    public ProcedureFamily ProcedureFamilies { get; set; }
    public string? ProcedureName { get; set; }

    /// <summary>Individual accompaniments only.</summary>
    public Autonomy? Autonomy { get; set; }

    public ReferralTarget? Referral { get; set; }

    /// <summary>A known place of the network the person was sent to, when there is one.</summary>
    public int? ReferralPlaceId { get; set; }

    /// <summary>Collective workshops only.</summary>
    public string? WorkshopTitle { get; set; }
    public WorkshopLevel? WorkshopLevel { get; set; }

    public string? Notes { get; set; }

    /// <summary>Free tags between pipes ("|a|b|"), like the places' multi-values.</summary>
    public string? Tags { get; set; }

    /// <summary>
    /// Accompaniments this record counts for: 1 for an individual one, the number of participants (named + anonymous) of a
    /// workshop, 0 for a quick request. Stored so that « personnes accompagnées » is a SUM, not a join.
    /// </summary>
    public int ParticipantCount { get; set; }

    /// <summary>The anonymous beneficiary of an individual record (none required), or null fields.</summary>
    public AgeBand BeneficiaryAgeBand { get; set; }
    public Gender BeneficiaryGender { get; set; }
    public BeneficiaryStatus BeneficiaryStatus { get; set; }
    public string? BeneficiaryCommuneCode { get; set; }

    /// <summary>The named file of an individual record, when the person consented to one.</summary>
    public long? BeneficiaryId { get; set; }
    public Beneficiary? Beneficiary { get; set; }

    public List<ActivityParticipant> Participants { get; set; } = [];
    public List<ActivityParticipantCount> AnonymousCounts { get; set; } = [];

    /// <summary>The advisor's account id. No foreign key: the record (and its statistics) outlives a deleted account.</summary>
    public required string AdvisorId { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }

    /// <summary>The client's key of a POST (Idempotency-Key): the same key twice from the same advisor creates one record.</summary>
    public string? IdempotencyKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public string? DeletedById { get; set; }
    public uint Version { get; set; }
}

/// <summary>A named participant of a workshop (the named file holds the person; the link holds what is specific to this workshop).</summary>
public class ActivityParticipant
{
    public long ActivityId { get; set; }
    public Activity? Activity { get; set; }
    public long BeneficiaryId { get; set; }
    public Beneficiary? Beneficiary { get; set; }
}

/// <summary>What a breakdown of anonymous participants counts: one dimension at a time, as the national tool asks them.</summary>
public enum ParticipantDimension
{
    /// <summary>The total of anonymous participants (Value 0).</summary>
    Total = 0,
    AgeBand = 1,
    Gender = 2,
    Status = 3,

    /// <summary>Value 1: already accompanied before; 0: first time.</summary>
    AlreadyAccompanied = 4,
}

/// <summary>One count of anonymous workshop participants: « 5 participants de 60-69 ans », « 3 déjà accompagnés ».</summary>
public class ActivityParticipantCount
{
    public long ActivityId { get; set; }
    public Activity? Activity { get; set; }
    public ParticipantDimension Dimension { get; set; }

    /// <summary>The enum value within the dimension (AgeBand, Gender, BeneficiaryStatus), or 0/1 for AlreadyAccompanied.</summary>
    public int Value { get; set; }
    public int Count { get; set; }
}
