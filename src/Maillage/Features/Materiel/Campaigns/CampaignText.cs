namespace Maillage.Features.Materiel.Campaigns;

/// <summary>The campaigns' words and badges in French.</summary>
public static class CampaignText
{
    public static string Badge(ReferralStatus status) => status switch
    {
        ReferralStatus.Referred => "badge badge-warning",
        ReferralStatus.Attributed => "badge badge-success",
        ReferralStatus.Returned => "badge",
        _ => "badge badge-muted",
    };

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
}
