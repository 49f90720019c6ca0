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

    public void OnGet()
    {
    }
}
