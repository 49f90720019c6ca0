using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Legal;

/// <summary>The RGPD notice. The figures it quotes (lockout, invitation validity) come from the same settings the software uses.</summary>
[AllowAnonymous]
public sealed class DonneesPersonnellesModel(IConfiguration configuration) : PageModel
{
    public LegalInfo Legal { get; } = LegalInfo.From(configuration);
    public int MaxFailedAttempts { get; } = configuration.GetValue("Security:MaxFailedAccessAttempts", 5);
    public int LockoutMinutes { get; } = configuration.GetValue("Security:LockoutMinutes", 15);
    public int InvitationDays { get; } = configuration.GetValue("Security:InvitationDays", 7);
    public int ReportContactMonths { get; } = configuration.GetValue("Retention:ClosedPlaceReportContactMonths", 6);
    public int ReportMonths { get; } = configuration.GetValue("Retention:ClosedPlaceReportMonths", 24);
    public int BeneficiaryMonths { get; } = configuration.GetValue("Retention:BeneficiaryInactiveMonths", 24);

    /// <summary>The host of the map tiles, named so that a person knows who receives their requests.</summary>
    public string TileHost { get; } = Uri.TryCreate((configuration["Map:TileUrl"] is { Length: > 0 } url ? url : Lieux.IndexModel.DefaultTileUrl).Replace("{s}", "a", StringComparison.Ordinal), UriKind.Absolute, out var tiles) ? tiles.Host : "OpenStreetMap";

    public void OnGet()
    {
    }
}
