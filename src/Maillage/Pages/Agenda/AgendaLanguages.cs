namespace Maillage.Pages.Agenda;

/// <summary>The languages an advisor may say they speak (ISO 639-1), the most asked for in French neighbourhoods first.</summary>
public static class AgendaLanguages
{
    public static readonly IReadOnlyList<(string Code, string Label)> All =
    [
        ("fr", "Français"), ("en", "Anglais"), ("ar", "Arabe"), ("es", "Espagnol"), ("pt", "Portugais"), ("it", "Italien"),
        ("de", "Allemand"), ("tr", "Turc"), ("ro", "Roumain"), ("ru", "Russe"), ("uk", "Ukrainien"), ("zh", "Chinois"),
        ("wo", "Wolof"), ("ber", "Tamazight (berbère)"), ("fa", "Persan"), ("ps", "Pachto"), ("sq", "Albanais"), ("lsf", "Langue des signes française"),
    ];

    public static string Label(string code) => All.FirstOrDefault(l => l.Code == code).Label ?? code;
}
