using Maillage.Features.Lieux;
using Maillage.Shared;

namespace Maillage.Features.Materiel;

/// <summary>Where an item stands. Only <see cref="Available"/> items can be reserved for a new period.</summary>
public enum ItemStatus
{
    Available = 0,
    Reserved = 1,
    OnLoan = 2,
    InMaintenance = 3,
    OutOfService = 4,

    /// <summary>Réformé: kept for its history, never lent again.</summary>
    Retired = 5,

    /// <summary>Donné: given for good to a person through a campaign; kept for its history.</summary>
    Donated = 6,
}

public enum ItemCondition
{
    New = 0,
    Good = 1,
    Worn = 2,
    Damaged = 3,
}

/// <summary>A kind of object (tablette, borne 4G…): an editable list, archived rather than deleted once used.</summary>
public class ItemCategory
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The short code the asset tags of the category start with (« TAB », « 4G »…).</summary>
    public required string TagPrefix { get; set; }
    public bool IsActive { get; set; } = true;
    public int SortOrder { get; set; }
}

/// <summary>One lendable object of the fleet (matériel), with its asset tag, its state and its history.</summary>
public class Item : IVersioned
{
    public int Id { get; set; }
    public int CategoryId { get; set; }
    public ItemCategory? Category { get; set; }

    /// <summary>The organization that owns and lends it (the inclusion unit, or a structure for its own items).</summary>
    public int OrganizationId { get; set; }
    public required string Model { get; set; }
    public string? SerialNumber { get; set; }

    /// <summary>The label's code, unique and readable (« TAB-0042 »): what a scanned QR label opens.</summary>
    public required string AssetTag { get; set; }
    public ItemCondition Condition { get; set; } = ItemCondition.Good;
    public ItemStatus Status { get; set; } = ItemStatus.Available;
    public int? HomePlaceId { get; set; }
    public Place? HomePlace { get; set; }
    public DateOnly? PurchasedOn { get; set; }
    public decimal? Cost { get; set; }
    public string? FundingSource { get; set; }
    public string? Notes { get; set; }

    /// <summary>The kit it belongs to: a kit is reserved and lent as one.</summary>
    public int? KitId { get; set; }
    public Kit? Kit { get; set; }

    /// <summary>The reconditioned-computer campaign whose stock it is: such items are attributed to people, not lent to structures.</summary>
    public int? CampaignId { get; set; }
    public List<ItemAccessory> Accessories { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }
    public uint Version { get; set; }
}

/// <summary>One line of an item's accessories checklist (chargeur, housse, câble…), ticked at check-out and check-in.</summary>
public class ItemAccessory
{
    public int Id { get; set; }
    public int ItemId { get; set; }
    public required string Name { get; set; }
}

/// <summary>Items reserved and lent together (« Valise de 8 tablettes + borne 4G »).</summary>
public class Kit : IVersioned
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required string AssetTag { get; set; }
    public List<Item> Items { get; set; } = [];
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public uint Version { get; set; }
}

public enum ItemEventKind
{
    Created = 0,
    Edited = 1,
    StatusChanged = 2,
    Reserved = 3,
    CheckedOut = 4,
    CheckedIn = 5,
    MaintenanceOpened = 6,
    MaintenanceClosed = 7,
    KitChanged = 8,
    Attributed = 9,
    Returned = 10,
}

/// <summary>One line of an item's history: what happened, when, by whom, in plain French.</summary>
public class ItemEvent
{
    public long Id { get; set; }
    public int ItemId { get; set; }
    public ItemEventKind Kind { get; set; }
    public required string Text { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public DateTimeOffset At { get; set; }
}
