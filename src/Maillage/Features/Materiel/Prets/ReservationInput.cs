namespace Maillage.Features.Materiel;

/// <summary>A structure's request: one item or one kit, whole days, what for and where.</summary>
public sealed class ReservationInput
{
    public int? ItemId { get; set; }
    public int? KitId { get; set; }

    /// <summary>The borrowing organization; may be left empty when the user speaks for only one.</summary>
    public int? BorrowerOrganizationId { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public string? Purpose { get; set; }
    public string? Location { get; set; }

    /// <summary>When the items are taken: join the waiting list instead of being told no.</summary>
    public bool JoinWaitingList { get; set; }
}

/// <summary>What the person who takes the items away confirms at check-out.</summary>
public sealed class CheckOutInput
{
    public string? TakenBy { get; set; }

    /// <summary>The name typed to accept the loan agreement (usually the same person).</summary>
    public string? AgreementName { get; set; }
    public bool AgreementAccepted { get; set; }

    /// <summary>Per item: its condition and the accessories ticked as leaving with it.</summary>
    public List<LineCheck> Lines { get; set; } = [];
}

public sealed class CheckInInput
{
    public string? Note { get; set; }
    public List<LineCheck> Lines { get; set; } = [];
}

/// <summary>One item at check-out or check-in: condition, the accessories ticked present, damage.</summary>
public sealed class LineCheck
{
    public int ItemId { get; set; }
    public ItemCondition? Condition { get; set; }
    public List<string> Accessories { get; set; } = [];
    public bool Damaged { get; set; }
    public string? DamageNote { get; set; }
}

public static class LendingMessages
{
    public const string StartRequired = "Indiquez le premier jour du prêt.";
    public const string EndRequired = "Indiquez le dernier jour du prêt.";
    public const string StartInPast = "Le prêt ne peut pas commencer dans le passé : choisissez aujourd'hui ou une date à venir.";
    public const string EndBeforeStart = "Le dernier jour doit être le même que le premier ou après lui.";
    public const string PurposeRequired = "Dites en quelques mots à quoi servira le matériel.";
    public const string LocationRequired = "Indiquez où le matériel sera utilisé (un marché, une école, un centre social…).";
    public const string TargetRequired = "Choisissez un objet ou une valise à réserver.";
    public const string UnknownTarget = "Cet objet ou cette valise n'existe pas ou n'est pas proposé au prêt.";
    public const string NotOut = "Ce matériel n'est pas sorti : il n'y a rien à rentrer.";
    public const string AgreementRequired = "La convention de prêt doit être acceptée : cochez la case et écrivez le nom de la personne qui l'accepte.";
    public const string TakenByRequired = "Indiquez le nom de la personne qui emporte le matériel.";
    public const string Changed = "Cette réservation vient d'être modifiée par quelqu'un d'autre : rechargez la page.";
    public const int MaxDays = 92;
    public const int MaxAdvanceDays = 366;
}
