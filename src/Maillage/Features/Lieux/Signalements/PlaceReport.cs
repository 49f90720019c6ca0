namespace Maillage.Features.Lieux.Signalements;

public enum PlaceReportStatus
{
    /// <summary>Waiting in the coordinators' queue.</summary>
    Nouveau = 1,

    /// <summary>The place was fixed (or already right) and the report closed.</summary>
    Traite = 2,

    /// <summary>Closed without change (spam, wrong place, not actionable).</summary>
    Rejete = 3,
}

/// <summary>
/// "Signaler une erreur" sent by anyone from a public fiche, without an account. It lands in the queue of the
/// coordinators who manage the place. The optional contact e-mail is the only personal data, dropped by the
/// retention job once the report is closed for a while.
/// </summary>
public class PlaceReport
{
    public int Id { get; set; }
    public int PlaceId { get; set; }
    public Place? Place { get; set; }

    /// <summary>What is wrong: horaires, adresse, téléphone, services, ferme, autre (see <see cref="PlaceReportTopics"/>).</summary>
    public required string Topic { get; set; }
    public required string Message { get; set; }
    public string? ContactEmail { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public PlaceReportStatus Status { get; set; } = PlaceReportStatus.Nouveau;
    public DateTimeOffset? HandledAt { get; set; }
    public string? HandledById { get; set; }
    public string? HandledByName { get; set; }

    /// <summary>A word for the record when closing (never shown to the public).</summary>
    public string? Resolution { get; set; }
}

public static class PlaceReportTopics
{
    public static readonly IReadOnlyList<(string Code, string Label)> All =
    [
        ("horaires", "Les horaires sont faux"),
        ("adresse", "L'adresse ou la position sur la carte est fausse"),
        ("contact", "Le téléphone, l'e-mail ou le site est faux"),
        ("services", "Les services proposés sont faux"),
        ("ferme", "Le lieu a fermé ou n'existe plus"),
        ("autre", "Autre chose"),
    ];

    public static bool IsKnown(string? code) => All.Any(t => t.Code == code);

    public static string Label(string code) => All.FirstOrDefault(t => t.Code == code).Label ?? code;
}
