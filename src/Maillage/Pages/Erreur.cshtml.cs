using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages;

/// <summary>
/// The page behind <c>UseStatusCodePagesWithReExecute("/erreur/{0}")</c>. The status is already set by the re-execution;
/// this page only chooses the words. Any HTTP method can be re-executed here, so no antiforgery.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErreurModel : PageModel
{
    private (string Heading, string Message)? _text;
    private bool _pathsRead;
    private string? _originalPath;
    private string? _previousPage;

    /// <summary>The status code from the route. Read lazily, because a re-executed PUT or DELETE runs no handler.</summary>
    public int Code => int.TryParse(RouteData.Values["code"]?.ToString(), out var code) ? code : 0;

    public string Heading => (_text ??= Describe(Code)).Heading;
    public string Message => (_text ??= Describe(Code)).Message;

    public string? OriginalPath
    {
        get
        {
            ReadPaths();
            return _originalPath;
        }
    }

    /// <summary>A same-site page the visitor came from, to offer a way back without JavaScript.</summary>
    public string? PreviousPage
    {
        get
        {
            ReadPaths();
            return _previousPage;
        }
    }

    public void OnGet()
    {
    }

    public void OnPost()
    {
    }

    public static (string Heading, string Message) Describe(int code) => code switch
    {
        404 => ("Page introuvable", "La page que vous cherchez n'existe pas, ou plus : elle a peut-être été déplacée ou supprimée."),
        403 => ("Accès refusé", "Votre compte ne permet pas d'ouvrir cette page. Si vous pensez que c'est une erreur, adressez-vous à la personne qui gère les comptes de votre territoire."),
        401 => ("Connexion nécessaire", "Cette page est réservée aux professionnels du réseau : connectez-vous pour y accéder."),
        429 => ("Trop de demandes", "Vous avez envoyé beaucoup de demandes en peu de temps. Patientez un moment (une minute pour une recherche, une heure pour un signalement), puis réessayez."),
        400 => ("Demande invalide", "Le service n'a pas compris la demande. Revenez en arrière et réessayez ; si vous aviez ouvert un lien, vérifiez qu'il est complet."),
        405 => ("Action impossible", "Cette adresse ne permet pas cette action. Revenez en arrière et réessayez depuis la page précédente."),
        413 => ("Envoi trop volumineux", "Le fichier ou le formulaire envoyé est trop volumineux. Essayez avec un fichier plus petit."),
        >= 500 => ("Service momentanément indisponible", "Le service n'a pas pu répondre. Réessayez dans quelques instants."),
        _ => ("Une erreur est survenue", "Votre demande n'a pas pu aboutir. Revenez en arrière ou repartez de l'accueil."),
    };

    private void ReadPaths()
    {
        if (_pathsRead)
        {
            return;
        }

        _pathsRead = true;
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        if (original is not null)
        {
            var path = original.OriginalPathBase + original.OriginalPath;
            _originalPath = path.Length > 120 ? path[..120] + "…" : path;
        }

        _previousPage = SameSiteReferrer();
    }

    private string? SameSiteReferrer()
    {
        if (!Uri.TryCreate(Request.Headers.Referer.ToString(), UriKind.Absolute, out var referrer)
            || !string.Equals(referrer.Host, Request.Host.Host, StringComparison.OrdinalIgnoreCase)
            || referrer.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var local = referrer.PathAndQuery;
        var current = Request.PathBase + Request.Path;
        return local == "/" || (_originalPath is not null && local == _originalPath) || local == current ? null : local;
    }
}
