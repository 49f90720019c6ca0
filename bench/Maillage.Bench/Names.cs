using Maillage.Features.Audit;
using Maillage.Features.Structures;

namespace Maillage.Bench;

/// <summary>Word lists and weights of the generated data (weights are cumulative, for a binary-search pick).</summary>
internal static class Names
{
    public static readonly string[] FirstNames =
    [
        "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Emma", "Jade", "Louise", "Zoé", "Nadia", "Fatou", "Aïcha", "Élodie",
        "Sophie", "Nathalie", "Isabelle", "Sandrine", "Mariane", "Hélène", "Lucas", "Hugo", "Nathan", "Thomas", "Mehdi", "Karim",
        "Youssef", "Sami", "Antoine", "Julien", "Nicolas", "Sébastien", "Mamadou", "Olivier", "Théo", "Jérôme", "François", "Loïc",
        "Gaëlle", "Noémie", "Bernard", "Dominique", "Claude", "Pascale", "Yasmina", "Rémi", "Adrien", "Maëlle", "Cédric", "Ophélie",
    ];

    public static readonly string[] LastNames =
    [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent",
        "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
        "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
        "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Benali", "Diallo", "Nguyen", "Traoré", "Haddad", "Da Silva", "Le Gall",
        "Chevalier", "Fontaine", "Gauthier",
    ];

    public static readonly string[] Quarters =
    [
        "Centre-ville", "Les Hauts", "La Gare", "Le Plateau", "Les Terrasses", "Bellevue", "Les Tilleuls", "La Source", "Le Val",
        "Les Coteaux", "Saint-Jean", "La Croix-Rousse", "Les Marronniers", "Le Bourg", "La Cité", "Les Érables", "Montplaisir",
        "La Plaine", "Les Peupliers", "Le Port",
    ];

    public static readonly string[] Streets =
    [
        "rue de la République", "avenue Jean-Jaurès", "place de la Mairie", "rue Victor-Hugo", "boulevard Gambetta", "rue Pasteur",
        "rue du Général-de-Gaulle", "allée des Écoles", "rue de la Liberté", "chemin des Vignes", "rue Jules-Ferry", "place du Marché",
        "avenue de la Gare", "rue Émile-Zola", "impasse des Lilas", "rue Louise-Michel",
    ];

    public static readonly string[] AssociationPrefixes =
    [
        "Association numérique pour tous", "Centre social", "Espace de vie sociale", "Fablab", "Les Connectés", "Médiation solidaire",
        "Entraide informatique", "Maison des jeunes et de la culture", "Point d'accueil numérique", "Cyber-base",
    ];

    public static readonly OrganizationKind[] OrganizationKinds =
    [
        OrganizationKind.Association, OrganizationKind.Ville, OrganizationKind.Ccas, OrganizationKind.FranceServices,
        OrganizationKind.Bibliotheque, OrganizationKind.MaisonDesHabitants, OrganizationKind.MissionLocale,
        OrganizationKind.Intercommunalite, OrganizationKind.Departement, OrganizationKind.Etablissement, OrganizationKind.Entreprise,
        OrganizationKind.Autre,
    ];

    public static readonly double[] OrganizationKindWeights = Cumulative([40, 10, 8, 8, 8, 6, 4, 3, 1, 4, 5, 3]);

    public static readonly string[] AuditActionList =
    [
        AuditActions.Login, AuditActions.Logout, AuditActions.LoginFailed, AuditActions.Export, AuditActions.OrganizationUpdated,
        AuditActions.OrganizationCreated, AuditActions.InvitationSent, AuditActions.InvitationAccepted, AuditActions.GrantAdded,
        AuditActions.GrantRemoved, AuditActions.PasswordResetRequested, AuditActions.PasswordReset, AuditActions.TwoFactorEnabled,
        AuditActions.LockedOut, AuditActions.UserDeactivated,
    ];

    public static readonly double[] AuditActionWeights = Cumulative([55, 15, 9, 3, 4, 1, 3, 2, 2, 0.5, 2, 1, 1.5, 0.5, 0.5]);

    private static double[] Cumulative(double[] weights)
    {
        for (var i = 1; i < weights.Length; i++)
        {
            weights[i] += weights[i - 1];
        }

        return weights;
    }
}
