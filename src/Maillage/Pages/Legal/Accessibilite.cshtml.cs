using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Legal;

[AllowAnonymous]
public sealed class AccessibiliteModel(IConfiguration configuration) : PageModel
{
    public LegalInfo Legal { get; } = LegalInfo.From(configuration);

    public void OnGet()
    {
    }
}
