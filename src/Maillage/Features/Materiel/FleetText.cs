namespace Maillage.Features.Materiel;

/// <summary>The fleet's words in French, for pages, exports and the history.</summary>
public static class FleetText
{
    public static string Status(ItemStatus status) => status switch
    {
        ItemStatus.Available => "Disponible",
        ItemStatus.Reserved => "Réservé",
        ItemStatus.OnLoan => "Prêté",
        ItemStatus.InMaintenance => "En maintenance",
        ItemStatus.OutOfService => "Hors service",
        ItemStatus.Retired => "Réformé",
        _ => status.ToString(),
    };

    public static string StatusBadge(ItemStatus status) => status switch
    {
        ItemStatus.Available => "badge badge-success",
        ItemStatus.Reserved or ItemStatus.OnLoan => "badge",
        ItemStatus.InMaintenance => "badge badge-warning",
        _ => "badge badge-muted",
    };

    public static string Condition(ItemCondition condition) => condition switch
    {
        ItemCondition.New => "Neuf",
        ItemCondition.Good => "Bon état",
        ItemCondition.Worn => "Usé",
        ItemCondition.Damaged => "Endommagé",
        _ => condition.ToString(),
    };

    public static IReadOnlyList<(ItemStatus Value, string Label)> Statuses { get; } = [.. Enum.GetValues<ItemStatus>().Select(s => (s, Status(s)))];

    public static IReadOnlyList<(ItemCondition Value, string Label)> Conditions { get; } = [.. Enum.GetValues<ItemCondition>().Select(c => (c, Condition(c)))];

    public static string? Cost(decimal? cost) => cost?.ToString("#,##0.00 €", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
}
