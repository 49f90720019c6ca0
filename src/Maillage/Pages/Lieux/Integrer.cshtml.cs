using Maillage.Features.Lieux.Standard;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Lieux;

/// <summary>« Intégrer la carte sur votre site »: how partners embed /embed/lieux, with a ready-made iframe snippet.</summary>
[AllowAnonymous]
public sealed class IntegrerModel(IConfiguration config) : PageModel
{
    public string BaseUrl { get; private set; } = "";

    public string EmbedUrl => $"{BaseUrl}/embed/lieux";

    public string Snippet(string query) =>
        $"<iframe src=\"{EmbedUrl}{query}\" title=\"Trouver de l'aide au numérique près de chez moi\" width=\"100%\" height=\"800\" loading=\"lazy\" allow=\"geolocation\"></iframe>";

    public static IReadOnlyList<VocabularyTerm> ServiceTerms => PlaceVocabulary.Services.Terms;

    public void OnGet() => BaseUrl = Request.PublicBaseUrl(config);
}
