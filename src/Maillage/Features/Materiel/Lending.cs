using Maillage.Features.Structures;
using Maillage.Shared;

namespace Maillage.Features.Materiel;

public enum ReservationStatus
{
    /// <summary>Asked by a structure, holding the items until the coordinator decides.</summary>
    Pending = 0,
    Approved = 1,
    Refused = 2,
    Cancelled = 3,

    /// <summary>On the waiting list: nothing was free; holds nothing, promoted to Pending when the items free up.</summary>
    Waiting = 4,
    CheckedOut = 5,
    Returned = 6,
}

/// <summary>
/// A structure's request for an item or a kit over whole days, then the loan itself (check-out, check-in). Pending, approved
/// and checked-out reservations hold their items: two never overlap on one item.
/// </summary>
public class Reservation : IVersioned
{
    public int Id { get; set; }

    /// <summary>The structure that borrows.</summary>
    public int BorrowerOrganizationId { get; set; }
    public Organization? Borrower { get; set; }

    /// <summary>The owner of the items, whose managers decide.</summary>
    public int LenderOrganizationId { get; set; }

    /// <summary>Set when a whole kit was asked for; its items are the lines.</summary>
    public int? KitId { get; set; }
    public Kit? Kit { get; set; }

    /// <summary>First and last day, both included.</summary>
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public required string Purpose { get; set; }

    /// <summary>Where the items go: a market, a school, a community centre.</summary>
    public required string Location { get; set; }
    public ReservationStatus Status { get; set; }
    public string? RequestedById { get; set; }
    public string? RequestedByName { get; set; }

    /// <summary>Where the decision, reminders and waiting-list news are sent.</summary>
    public string? ContactEmail { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedByName { get; set; }
    public string? DecisionNote { get; set; }

    /// <summary>The person who takes the items away, and the name typed to accept the loan agreement.</summary>
    public string? TakenBy { get; set; }
    public string? AgreementName { get; set; }
    public DateTimeOffset? CheckedOutAt { get; set; }
    public string? CheckedOutByName { get; set; }
    public DateTimeOffset? ReturnedAt { get; set; }
    public string? ReturnedByName { get; set; }
    public string? ReturnNote { get; set; }

    /// <summary>The day of the last overdue reminder: the daily job sends at most one a day, even run twice.</summary>
    public DateOnly? OverdueRemindedOn { get; set; }
    public List<ReservationLine> Lines { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }
    public uint Version { get; set; }

    public static bool IsHolding(ReservationStatus status) =>
        status is ReservationStatus.Pending or ReservationStatus.Approved or ReservationStatus.CheckedOut;
}

/// <summary>One item of a reservation, with the period copied so that the overlap check reads one indexed table.</summary>
public class ReservationLine
{
    public long Id { get; set; }
    public int ReservationId { get; set; }
    public int ItemId { get; set; }
    public Item? Item { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }

    /// <summary>True while the reservation holds the item (pending, approved, checked out).</summary>
    public bool Holds { get; set; }
    public ItemCondition? ConditionOut { get; set; }
    public ItemCondition? ConditionIn { get; set; }

    /// <summary>The accessories ticked at check-out, and those found missing at check-in (names, one per line).</summary>
    public string? AccessoriesOut { get; set; }
    public string? MissingAccessories { get; set; }
    public bool Damaged { get; set; }
}

public enum MaintenanceStatus
{
    Open = 0,
    Closed = 1,
}

/// <summary>A repair or a routine task on one item; while one is open the item is in maintenance and cannot be booked.</summary>
public class MaintenanceTicket
{
    public int Id { get; set; }
    public int ItemId { get; set; }
    public Item? Item { get; set; }
    public required string Reason { get; set; }
    public string? Details { get; set; }
    public MaintenanceStatus Status { get; set; }

    /// <summary>The recurring plan that opened it, if any.</summary>
    public int? PlanId { get; set; }
    public MaintenancePlan? Plan { get; set; }

    /// <summary>The loan whose check-in found the problem, if any.</summary>
    public int? ReservationId { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public string? OpenedByName { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedByName { get; set; }
    public string? Resolution { get; set; }
}

/// <summary>A routine task for a category: every N months, or after each loan (« réinitialiser les tablettes »).</summary>
public class MaintenancePlan
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public int CategoryId { get; set; }
    public ItemCategory? Category { get; set; }
    public required string Name { get; set; }
    public string? Instructions { get; set; }
    public int? EveryMonths { get; set; }
    public bool AfterEachLoan { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>The periodic count starts here for items that have never had the task.</summary>
    public DateOnly StartsOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A campaign of reconditioned computers for people, with its stock (the items it holds) and its prescribers.</summary>
public class Campaign : IVersioned
{
    public int Id { get; set; }

    /// <summary>The organization that runs it and owns the devices.</summary>
    public int OrganizationId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required string Eligibility { get; set; }

    /// <summary>The number of devices announced (« jusqu'à 1 500 ordinateurs »); the stock is the items assigned.</summary>
    public int? TargetCount { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public bool IsActive { get; set; } = true;
    public List<CampaignPrescriber> Prescribers { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public uint Version { get; set; }
}

public class CampaignPrescriber
{
    public int CampaignId { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }
}

public enum ReferralStatus
{
    Referred = 0,
    Attributed = 1,
    Returned = 2,
    Declined = 3,
    Withdrawn = 4,
}

public enum AttributionKind
{
    /// <summary>Prêt: lent until a due date, then returned.</summary>
    Loan = 0,

    /// <summary>Don: given for good.</summary>
    Donation = 1,
}

/// <summary>
/// A person referred to a campaign by a prescriber, with the least data that lets the unit hand over a device and sign the
/// agreement (name, birth year, commune, a way to reach them), the consent, then the attribution and its return.
/// </summary>
public class Referral : IVersioned
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public Campaign? Campaign { get; set; }
    public int PrescriberOrganizationId { get; set; }
    public Organization? Prescriber { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public int? BirthYear { get; set; }
    public string? CommuneCode { get; set; }
    public string? CommuneName { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }

    /// <summary>Why the person fits the criteria, in the prescriber's words (no health or social details).</summary>
    public string? Need { get; set; }
    public DateTimeOffset ConsentAt { get; set; }
    public required string ConsentPurpose { get; set; }
    public string? CreatedById { get; set; }
    public string? CreatedByName { get; set; }
    public ReferralStatus Status { get; set; }
    public int? ItemId { get; set; }
    public Item? Item { get; set; }
    public AttributionKind? Kind { get; set; }
    public DateOnly? AttributedOn { get; set; }
    public DateOnly? DueDate { get; set; }
    public string? AttributedByName { get; set; }

    /// <summary>The name written by the person when signing the printed agreement.</summary>
    public string? AgreementSignedName { get; set; }
    public DateOnly? ReturnedOn { get; set; }
    public string? ReturnNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }

    /// <summary>Set when the identity was erased; the figures (campaign, prescriber, commune, dates) stay.</summary>
    public DateTimeOffset? AnonymisedAt { get; set; }
    public uint Version { get; set; }
}

/// <summary>The day's overdue digest of one lender, claimed by its insert (the key): the daily job sends it once, even run twice.</summary>
public class OverdueDigest
{
    public int LenderOrganizationId { get; set; }
    public DateOnly Day { get; set; }
    public int Count { get; set; }
    public DateTimeOffset SentAt { get; set; }
}
