namespace Maillage.Features.Audit;

/// <summary>An append-only record of a security-relevant action. Never holds beneficiaries' personal data.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>User id, "api:{clientId}", or "système" for the CLI and background jobs.</summary>
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public required string Action { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    public string? Details { get; set; }
}

public static class AuditActions
{
    public const string Login = "connexion";
    public const string LoginFailed = "connexion.echec";
    public const string LockedOut = "connexion.verrouillage";
    public const string Logout = "deconnexion";
    public const string TwoFactorEnabled = "2fa.activation";
    public const string TwoFactorDisabled = "2fa.desactivation";
    public const string PasswordResetRequested = "mot-de-passe.demande";
    public const string PasswordReset = "mot-de-passe.reinitialisation";
    public const string InvitationSent = "invitation.envoi";
    public const string InvitationAccepted = "invitation.acceptation";
    public const string InvitationRevoked = "invitation.revocation";
    public const string GrantAdded = "droit.ajout";
    public const string GrantRemoved = "droit.retrait";
    public const string UserDeactivated = "compte.desactivation";
    public const string UserReactivated = "compte.reactivation";
    public const string UserCreated = "compte.creation";
    public const string ApiClientCreated = "client-api.creation";
    public const string ApiClientRevoked = "client-api.revocation";
    public const string Export = "export";
    public const string Deletion = "suppression";
    public const string OrganizationCreated = "structure.creation";
    public const string OrganizationUpdated = "structure.modification";
    public const string TerritoryCreated = "territoire.creation";
    public const string TerritoryUpdated = "territoire.modification";
    public const string TerritoriesImported = "territoire.import";
    public const string PlacesImported = "lieux.import";
    public const string PlacesExported = "lieux.export";
    public const string PlaceReportHandled = "signalement.traite";
    public const string PlaceReportRejected = "signalement.rejete";
    public const string PlacesMerged = "lieux.fusion";
    public const string PlaceDuplicateDismissed = "lieux.doublon-ecarte";
    public const string PlaceCreated = "lieu.creation";
    public const string PlaceUpdated = "lieu.modification";
    public const string PlacePublished = "lieu.publication";
    public const string ActivityCreated = "activite.creation";
    public const string ActivityUpdated = "activite.modification";
    public const string ActivityDeleted = "activite.suppression";
    public const string ActivitiesImported = "activites.import";
    public const string ActivitiesExported = "activites.export";
    public const string BeneficiaryCreated = "beneficiaire.creation";
    public const string BeneficiaryUpdated = "beneficiaire.modification";
    public const string BeneficiaryRead = "beneficiaire.consultation";
    public const string BeneficiariesMerged = "beneficiaires.fusion";
    public const string BeneficiaryExported = "beneficiaire.export";
    public const string BeneficiaryErased = "beneficiaire.effacement";
    public const string BeneficiariesAnonymised = "beneficiaires.anonymisation";
    public const string AdvisorProfileUpdated = "agenda.profil";
    public const string PermanenceChanged = "agenda.permanence";
    public const string AbsenceChanged = "agenda.absence";
    public const string MotifChanged = "agenda.motif";
    public const string AppointmentStatusChanged = "rendezvous.statut";
    public const string AppointmentFileLinked = "rendezvous.fiche";
    public const string RegistrationFileLinked = "atelier.inscription.fiche";
    public const string ItemChanged = "materiel.objet";
    public const string CalendarFeedChanged = "agenda.flux-ical";
    public const string WorkshopTypeChanged = "atelier.catalogue";
    public const string WorkshopSessionChanged = "atelier.seance";
    public const string AttendanceClosed = "atelier.emargement";
    public const string ReservationChanged = "materiel.reservation";
    public const string MaintenanceChanged = "materiel.maintenance";
    public const string CampaignChanged = "materiel.campagne";
    public const string ReferralCreated = "materiel.orientation.creation";
    public const string ReferralRead = "materiel.orientation.consultation";
    public const string ReferralChanged = "materiel.orientation.modification";
    public const string ReferralErased = "materiel.orientation.effacement";

    public static readonly string[] All =
    [
        Login, LoginFailed, LockedOut, Logout, TwoFactorEnabled, TwoFactorDisabled, PasswordResetRequested, PasswordReset,
        InvitationSent, InvitationAccepted, InvitationRevoked, GrantAdded, GrantRemoved, UserDeactivated, UserReactivated,
        UserCreated, ApiClientCreated, ApiClientRevoked, Export, Deletion, OrganizationCreated, OrganizationUpdated,
        TerritoryCreated, TerritoryUpdated, TerritoriesImported, PlacesImported, PlacesExported,
        PlaceReportHandled, PlaceReportRejected, PlacesMerged, PlaceDuplicateDismissed, PlaceCreated, PlaceUpdated, PlacePublished,
        ActivityCreated, ActivityUpdated, ActivityDeleted, ActivitiesImported, ActivitiesExported,
        BeneficiaryCreated, BeneficiaryUpdated, BeneficiaryRead, BeneficiariesMerged, BeneficiaryExported, BeneficiaryErased, BeneficiariesAnonymised,
        AdvisorProfileUpdated, PermanenceChanged, AbsenceChanged, MotifChanged, AppointmentStatusChanged, AppointmentFileLinked, RegistrationFileLinked, CalendarFeedChanged,
        WorkshopTypeChanged, WorkshopSessionChanged, AttendanceClosed, ItemChanged,
        ReservationChanged, MaintenanceChanged,
        CampaignChanged, ReferralCreated, ReferralRead, ReferralChanged, ReferralErased,
    ];
}
