using Maillage.Data;
using Maillage.Features.Audit;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Systeme;

/// <summary>The audit log, newest first, filtered, with keyset paging (the table grows without bound).</summary>
public sealed class JournalModel(AppDbContext db) : PageModel
{
    public const int PageSize = 50;

    public string? Action { get; private set; }
    public string? Acteur { get; private set; }
    public DateOnly? Du { get; private set; }
    public DateOnly? Au { get; private set; }
    public List<AuditEntry> Entries { get; private set; } = [];
    public long? NextBefore { get; private set; }
    public bool IsFirstPage { get; private set; }

    /// <summary>Readable names of the accounts and organizations targeted on this page (ids stay in the log itself).</summary>
    public Dictionary<string, string> TargetNames { get; private set; } = [];

    public async Task OnGetAsync(string? action, string? acteur, DateOnly? du, DateOnly? au, long? avant)
    {
        Action = AuditActions.All.Contains(action) ? action : null;
        Acteur = string.IsNullOrWhiteSpace(acteur) ? null : acteur.Trim();
        Du = du;
        Au = au;
        IsFirstPage = avant is null;
        var query = db.AuditEntries.AsNoTracking();
        if (Action is not null)
        {
            query = query.Where(e => e.Action == Action);
        }

        if (Acteur is not null)
        {
            var like = $"%{Acteur.ToLowerInvariant()}%";
            query = query.Where(e => e.ActorName != null && EF.Functions.Like(e.ActorName.ToLower(), like));
        }

        if (du is not null)
        {
            var from = new DateTimeOffset(du.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.At >= from);
        }

        if (au is not null)
        {
            var to = new DateTimeOffset(au.Value.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.At < to);
        }

        if (avant is not null)
        {
            query = query.Where(e => e.Id < avant);
        }

        Entries = await query.OrderByDescending(e => e.Id).Take(PageSize + 1).ToListAsync();
        if (Entries.Count > PageSize)
        {
            Entries.RemoveAt(PageSize);
            NextBefore = Entries[^1].Id;
        }

        var userIds = Entries.Where(e => e.TargetType == "utilisateur" && e.TargetId != null).Select(e => e.TargetId!).Distinct().ToList();
        var orgIds = Entries.Where(e => e.TargetType == "structure" && int.TryParse(e.TargetId, out _)).Select(e => int.Parse(e.TargetId!, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        TargetNames = (await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, Name = u.DisplayName + " (" + u.Email + ")" }).ToListAsync())
            .ToDictionary(u => "utilisateur:" + u.Id, u => u.Name);
        foreach (var o in await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToListAsync())
        {
            TargetNames["structure:" + o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = o.Name;
        }
    }

    public string Target(AuditEntry e) =>
        e.TargetType is null ? "" : TargetNames.TryGetValue($"{e.TargetType}:{e.TargetId}", out var name) ? $"{e.TargetType} : {name}" : $"{e.TargetType} {e.TargetId}";

    public string NextLink() =>
        "?" + string.Join("&", new[] { ("action", Action), ("acteur", Acteur), ("du", Du?.ToString("yyyy-MM-dd")), ("au", Au?.ToString("yyyy-MM-dd")), ("avant", NextBefore?.ToString(System.Globalization.CultureInfo.InvariantCulture)) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));

    public static string Label(string action) => action switch
    {
        AuditActions.Login => "Connexion",
        AuditActions.LoginFailed => "Échec de connexion",
        AuditActions.LockedOut => "Compte verrouillé",
        AuditActions.Logout => "Déconnexion",
        AuditActions.TwoFactorEnabled => "Double authentification activée",
        AuditActions.TwoFactorDisabled => "Double authentification désactivée",
        AuditActions.PasswordResetRequested => "Demande de réinitialisation du mot de passe",
        AuditActions.PasswordReset => "Mot de passe changé",
        AuditActions.InvitationSent => "Invitation envoyée",
        AuditActions.InvitationAccepted => "Invitation acceptée",
        AuditActions.InvitationRevoked => "Invitation annulée",
        AuditActions.GrantAdded => "Droit ajouté",
        AuditActions.GrantRemoved => "Droit retiré",
        AuditActions.UserDeactivated => "Compte désactivé",
        AuditActions.UserReactivated => "Compte réactivé",
        AuditActions.UserCreated => "Compte créé",
        AuditActions.ApiClientCreated => "Client API créé",
        AuditActions.ApiClientRevoked => "Client API révoqué",
        AuditActions.Export => "Export",
        AuditActions.Deletion => "Suppression",
        AuditActions.OrganizationCreated => "Structure créée",
        AuditActions.OrganizationUpdated => "Structure modifiée",
        AuditActions.TerritoryCreated => "Territoire créé",
        AuditActions.TerritoryUpdated => "Territoire modifié",
        AuditActions.TerritoriesImported => "Territoires importés",
        AuditActions.PlacesImported => "Lieux importés",
        AuditActions.PlacesExported => "Lieux exportés",
        AuditActions.PlacesMerged => "Lieux fusionnés",
        AuditActions.PlaceDuplicateDismissed => "Doublon écarté",
        AuditActions.PlaceReportHandled => "Signalement traité",
        AuditActions.PlaceReportRejected => "Signalement rejeté",
        AuditActions.PlaceCreated => "Lieu créé",
        AuditActions.PlaceUpdated => "Lieu modifié",
        AuditActions.PlacePublished => "Publication d'un lieu modifiée",
        AuditActions.ActivityCreated => "Activité enregistrée",
        AuditActions.ActivityUpdated => "Activité modifiée",
        AuditActions.ActivityDeleted => "Activité supprimée",
        AuditActions.ActivitiesImported => "Activités importées",
        AuditActions.ActivitiesExported => "Activités exportées",
        AuditActions.BeneficiaryCreated => "Fiche bénéficiaire créée",
        AuditActions.BeneficiaryUpdated => "Fiche bénéficiaire modifiée",
        AuditActions.BeneficiaryRead => "Fiche bénéficiaire consultée",
        AuditActions.BeneficiariesMerged => "Fiches bénéficiaires fusionnées",
        AuditActions.BeneficiaryExported => "Données d'un bénéficiaire exportées",
        AuditActions.BeneficiaryErased => "Fiche bénéficiaire effacée",
        AuditActions.BeneficiariesAnonymised => "Fiches inactives anonymisées",
        AuditActions.AdvisorProfileUpdated => "Profil de conseiller modifié",
        AuditActions.PermanenceChanged => "Permanence modifiée",
        AuditActions.AbsenceChanged => "Absence ou fermeture modifiée",
        AuditActions.MotifChanged => "Motif de rendez-vous modifié",
        AuditActions.AppointmentStatusChanged => "Statut d'un rendez-vous modifié",
        AuditActions.AppointmentFileLinked => "Fiche bénéficiaire d'un rendez-vous rattachée ou détachée",
        AuditActions.ItemChanged => "Objet du parc de matériel ajouté ou modifié",
        AuditActions.ReservationChanged => "Réservation ou prêt de matériel",
        AuditActions.MaintenanceChanged => "Maintenance du matériel",
        AuditActions.CampaignChanged => "Campagne d'ordinateurs créée ou modifiée",
        AuditActions.ReferralCreated => "Personne orientée vers une campagne",
        AuditActions.ReferralRead => "Orientation consultée",
        AuditActions.ReferralChanged => "Orientation modifiée (équipement, retour, retrait)",
        AuditActions.ReferralErased => "Données d'une orientation effacées",
        AuditActions.RegistrationFileLinked => "Fiche bénéficiaire d'une inscription à un atelier rattachée ou détachée",
        AuditActions.CalendarFeedChanged => "Flux d'agenda privé créé ou révoqué",
        AuditActions.WorkshopTypeChanged => "Catalogue des ateliers modifié",
        AuditActions.WorkshopSessionChanged => "Séance d'atelier modifiée",
        AuditActions.AttendanceClosed => "Émargement clos",
        _ => action,
    };
}
