using Maillage.Features.Structures;

namespace Maillage.Features.Accompagnements;

/// <summary>
/// A named beneficiary file: exists only with the person's recorded consent (who, when, for what), held by one organization
/// and seen only by its advisors and coordinators. Erasure anonymises it (identity dropped, statistics kept).
/// </summary>
public class Beneficiary : IVersioned
{
    public long Id { get; set; }

    /// <summary>The organization holding the file (its scope).</summary>
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }

    public string? FirstName { get; set; }
    public string? LastName { get; set; }

    /// <summary>First and last name folded (lower case, no accents, single spaces) for the accent- and case-tolerant search.</summary>
    public string? SearchName { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public int? BirthYear { get; set; }
    public string? CommuneCode { get; set; }
    public Gender Gender { get; set; }
    public BeneficiaryStatus Status { get; set; }
    public string? Notes { get; set; }

    public DateTimeOffset ConsentAt { get; set; }
    public required string ConsentById { get; set; }

    /// <summary>The purpose read to the person when they agreed, kept as shown.</summary>
    public required string ConsentPurpose { get; set; }

    public required string CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }

    /// <summary>The day of the last activity, for the automatic anonymisation of dormant files.</summary>
    public DateOnly? LastActivityOn { get; set; }

    /// <summary>Set when the identity was erased (on request or by the retention job); the statistics fields stay.</summary>
    public DateTimeOffset? AnonymisedAt { get; set; }
    public uint Version { get; set; }

    /// <summary>The age band of a birth year at a date (« Non communiqué » without one).</summary>
    public static AgeBand AgeBandOf(int? birthYear, DateOnly on)
    {
        if (birthYear is not { } year)
        {
            return AgeBand.Unknown;
        }

        // Without the birthday, the age reached during the year: the band the person is in for most of it.
        var age = on.Year - year;
        return age switch
        {
            < 12 => AgeBand.Under12,
            < 18 => AgeBand.From12To17,
            < 25 => AgeBand.From18To24,
            < 40 => AgeBand.From25To39,
            < 60 => AgeBand.From40To59,
            < 70 => AgeBand.From60To69,
            _ => AgeBand.From70,
        };
    }
}
