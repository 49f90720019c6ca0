using System.ComponentModel.DataAnnotations;

namespace Maillage.Features.Lieux.Signalements;

/// <summary>The public « Signaler une erreur » form. <see cref="Website"/> is a honeypot: people never see it, robots fill it.</summary>
public sealed class PlaceReportInput
{
    public const int MinMessageLength = 10;
    public const int MaxMessageLength = 2000;

    [Required(ErrorMessage = "Choisissez ce qui est faux sur cette fiche.")]
    public string? Topic { get; set; }

    [Required(ErrorMessage = "Décrivez l'erreur en quelques mots (au moins 10 caractères).")]
    [StringLength(MaxMessageLength, MinimumLength = MinMessageLength, ErrorMessage = "Votre message doit faire entre 10 et 2 000 caractères.")]
    public string? Message { get; set; }

    [EmailAddress(ErrorMessage = "Cette adresse e-mail n'est pas valide : vérifiez-la, ou laissez le champ vide.")]
    [StringLength(254, ErrorMessage = "Cette adresse e-mail est trop longue.")]
    public string? ContactEmail { get; set; }

    /// <summary>Honeypot, hidden from people (CSS) and from assistive technologies (aria-hidden, tabindex -1).</summary>
    public string? Website { get; set; }
}

/// <summary>Rate limit of the public report form: a few reports per address and hour, the page itself as any public page.</summary>
public static class PlaceReportLimits
{
    public const string Policy = "signalements";
}
