using Maillage.Data;
using Maillage.Features.Accompagnements;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda;

/// <summary>
/// What a new instance offers before anyone configures it: the appointment motifs the public asks for most (online
/// administrative procedures first, as in the maisons des habitant·es), and the catalogue of « mini-formations » the
/// advisors run (the themes of the seeds). Shared rows (no organization): every organization may use them, the coordination
/// edits or archives them like any other.
/// </summary>
public static class AgendaDefaults
{
    public sealed record MotifDefault(string Name, string Description, int DurationMinutes, ActivityTheme Theme);

    public sealed record WorkshopDefault(string Title, ActivityTheme Themes, WorkshopLevel Level, int DurationMinutes, string Audience, int Capacity, string Description);

    public static readonly MotifDefault[] Motifs =
    [
        new("Démarche administrative en ligne",
            "CAF, impôts, France Travail, Ameli, carte grise… Apportez vos identifiants si vous les avez, vos papiers et votre téléphone.",
            45, ActivityTheme.AdministrativeProcedures),
        new("Prendre en main son smartphone",
            "Régler son téléphone, installer une application, envoyer des photos. Venez avec votre téléphone chargé.",
            45, ActivityTheme.DeviceHandling),
        new("Créer son adresse e-mail",
            "Créer une adresse, choisir un mot de passe et s'en souvenir, lire et envoyer ses messages.",
            30, ActivityTheme.Email),
        new("Utiliser un ordinateur",
            "Les premiers pas : la souris, le clavier, ranger ses fichiers, aller sur internet.",
            45, ActivityTheme.DeviceHandling),
        new("Santé en ligne (Ameli, Doctolib, Mon espace santé)",
            "Ouvrir son compte Ameli, prendre un rendez-vous médical en ligne, retrouver ses documents de santé.",
            30, ActivityTheme.Health),
        new("Chercher un emploi, faire son CV",
            "Écrire ou mettre à jour son CV, répondre à une offre, utiliser son espace France Travail.",
            60, ActivityTheme.Employment),
        new("Se protéger des arnaques en ligne",
            "Reconnaître un faux message, protéger ses comptes et ses mots de passe, que faire si l'on s'est fait avoir.",
            30, ActivityTheme.Security),
    ];

    /// <summary>The « mini-formations » the seeds name (the conseillers numériques' programme), in plain French.</summary>
    public static readonly WorkshopDefault[] Workshops =
    [
        new("Protéger ses données personnelles", ActivityTheme.Security, WorkshopLevel.Beginner, 120, "Tout public", 8,
            "Choisir de bons mots de passe, régler ce que les applications savent de vous, reconnaître un message d'arnaque. Apportez votre téléphone si vous en avez un."),
        new("Maîtriser les réseaux sociaux", ActivityTheme.SocialNetworks, WorkshopLevel.Beginner, 120, "Tout public", 8,
            "Créer son compte, choisir qui voit ce que vous publiez, échanger avec ses proches sans se mettre en danger."),
        new("Vérifier les sources d'information", ActivityTheme.DigitalCulture, WorkshopLevel.Intermediate, 90, "Tout public", 10,
            "Savoir d'où vient une information, repérer une fausse nouvelle ou une photo truquée, trouver des sources fiables."),
        new("Faire son CV", ActivityTheme.Employment | ActivityTheme.OfficeSoftware, WorkshopLevel.Beginner, 120, "Personnes en recherche d'emploi", 8,
            "Écrire son CV sur ordinateur, le mettre en page, l'enregistrer en PDF et l'envoyer par e-mail. Apportez votre ancien CV sur papier ou sur une clé USB."),
        new("Vendre un objet en ligne", ActivityTheme.BankingAndShopping, WorkshopLevel.Intermediate, 90, "Tout public", 8,
            "Prendre de bonnes photos, écrire une annonce, fixer un prix, se faire payer sans risque et éviter les faux acheteurs."),
        new("Acheter en ligne", ActivityTheme.BankingAndShopping | ActivityTheme.Security, WorkshopLevel.Beginner, 90, "Tout public", 8,
            "Reconnaître un site de confiance, payer en sécurité, suivre sa commande et la retourner si besoin."),
        new("Travailler à distance", ActivityTheme.OfficeSoftware, WorkshopLevel.Intermediate, 120, "Personnes en emploi ou en formation", 8,
            "Participer à une visioconférence, partager un document, travailler à plusieurs sur le même fichier."),
        new("Consulter un médecin à distance", ActivityTheme.Health, WorkshopLevel.Beginner, 90, "Tout public, seniors", 8,
            "Prendre un rendez-vous de téléconsultation, préparer son téléphone ou son ordinateur, retrouver son ordonnance ensuite."),
    ];

    /// <summary>
    /// Inserts the default motifs when the motifs table is empty and the default catalogue when the workshop types table is
    /// empty; anything already there (even archived) is left alone, so running it at every start changes nothing.
    /// </summary>
    public static async Task EnsureDefaultsAsync(AppDbContext db, CancellationToken ct = default)
    {
        if (!await db.AppointmentMotifs.AnyAsync(ct))
        {
            db.AppointmentMotifs.AddRange(Motifs.Select((m, i) => new AppointmentMotif
            {
                Name = m.Name,
                Description = m.Description,
                DurationMinutes = m.DurationMinutes,
                MinimumNoticeMinutes = 120,
                HorizonDays = 30,
                Theme = m.Theme,
                SortOrder = (i + 1) * 10,
            }));
        }

        if (!await db.WorkshopTypes.AnyAsync(ct))
        {
            db.WorkshopTypes.AddRange(Workshops.Select(w => new WorkshopType
            {
                Title = w.Title,
                Themes = w.Themes,
                Level = w.Level,
                DurationMinutes = w.DurationMinutes,
                Audience = w.Audience,
                DefaultCapacity = w.Capacity,
                Description = w.Description,
            }));
        }

        await db.SaveChangesAsync(ct);
    }
}
