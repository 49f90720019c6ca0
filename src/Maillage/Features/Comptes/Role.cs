namespace Maillage.Features.Comptes;

public enum Role
{
    Administrateur = 1,
    Coordinateur = 2,
    Conseiller = 3,
    Structure = 4,
    Lecteur = 5,
}

public static class Roles
{
    public static readonly Role[] All = Enum.GetValues<Role>();

    public static string Label(Role role) => role switch
    {
        Role.Administrateur => "Administrateur·rice",
        Role.Coordinateur => "Coordinateur·rice",
        Role.Conseiller => "Conseiller·ère numérique",
        Role.Structure => "Structure partenaire",
        Role.Lecteur => "Lecteur·rice",
        _ => role.ToString(),
    };

    /// <summary>Roles whose accounts must use two-factor authentication outside Development.</summary>
    public static bool RequiresTwoFactor(Role role) => role is Role.Administrateur or Role.Coordinateur;

    /// <summary>Roles bound to an organization rather than a territory node.</summary>
    public static bool IsOrganizationRole(Role role) => role is Role.Conseiller or Role.Structure;

    public static bool TryParse(string? value, out Role role) =>
        Enum.TryParse(value, ignoreCase: true, out role) && Enum.IsDefined(role);
}
