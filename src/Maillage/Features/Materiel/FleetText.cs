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
        ItemStatus.Donated => "Donné",
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

    public static string Reservation(ReservationStatus status) => status switch
    {
        ReservationStatus.Pending => "Demandée",
        ReservationStatus.Approved => "Validée",
        ReservationStatus.Refused => "Refusée",
        ReservationStatus.Cancelled => "Annulée",
        ReservationStatus.Waiting => "En liste d'attente",
        ReservationStatus.CheckedOut => "En prêt",
        ReservationStatus.Returned => "Rendue",
        _ => status.ToString(),
    };

    public static string ReservationBadge(ReservationStatus status) => status switch
    {
        ReservationStatus.Approved or ReservationStatus.Returned => "badge badge-success",
        ReservationStatus.Pending or ReservationStatus.Waiting => "badge badge-warning",
        ReservationStatus.CheckedOut => "badge",
        _ => "badge badge-muted",
    };

    public static string Referral(ReferralStatus status) => status switch
    {
        ReferralStatus.Referred => "Orientée",
        ReferralStatus.Attributed => "Équipée",
        ReferralStatus.Returned => "Matériel rendu",
        ReferralStatus.Declined => "Non retenue",
        ReferralStatus.Withdrawn => "Retirée",
        _ => status.ToString(),
    };

    public static string Attribution(AttributionKind kind) => kind == AttributionKind.Loan ? "Prêt" : "Don";

    /// <summary>« du 3 au 5 mars 2026 », « le 3 mars 2026 ».</summary>
    public static string Period(DateOnly start, DateOnly end)
    {
        var fr = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
        return start == end ? $"le {end.ToString("d MMMM yyyy", fr)}" : $"du {start.ToString("d MMMM yyyy", fr)} au {end.ToString("d MMMM yyyy", fr)}";
    }

    public static IReadOnlyList<(ItemStatus Value, string Label)> Statuses { get; } = [.. Enum.GetValues<ItemStatus>().Select(s => (s, Status(s)))];

    public static IReadOnlyList<(ItemCondition Value, string Label)> Conditions { get; } = [.. Enum.GetValues<ItemCondition>().Select(c => (c, Condition(c)))];

    public static string? Cost(decimal? cost) => cost?.ToString("#,##0.00 €", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
}
