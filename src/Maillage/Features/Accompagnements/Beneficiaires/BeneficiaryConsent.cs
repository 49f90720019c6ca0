using System.Security.Claims;
using Maillage.Shared.Scoping;

namespace Maillage.Features.Accompagnements.Beneficiaires;

/// <summary>
/// The purpose read to the person before a named file is created: who keeps what, who sees it, for how long, and their
/// rights. Built by the server only (form and API alike), stored exactly as shown in <see cref="Beneficiary.ConsentPurpose"/>.
/// </summary>
public static class BeneficiaryConsent
{
    /// <summary>The column's length (BeneficiaryConfiguration).</summary>
    public const int MaxLength = 500;

    public static string Purpose(string organizationName, int months)
    {
        var text = Text("{0}", months);
        var room = MaxLength - (text.Length - 3);
        var name = organizationName.Trim();

        // A very long organization name is shortened so the whole text (rights included) always fits the column.
        if (name.Length > room)
        {
            name = name[..(room - 1)].TrimEnd() + "…";
        }

        return Text(name, months);
    }

    private static string Text(string organization, int months) =>
        $"{organization} conserve vos nom, prénom, contact, année de naissance, commune, genre, situation et des notes, " +
        $"pour suivre vos accompagnements numériques. Seule son équipe les voit. Elles sont effacées après {months} mois sans accompagnement. " +
        "Vous pouvez les consulter, corriger, recevoir ou faire effacer : demandez-le ici ou au délégué à la protection des données.";
}

/// <summary>Who acts, as the files record it (CreatedById, ConsentById) and as the audit journal names them.</summary>
public static class BeneficiaryActor
{
    /// <summary>The account id, or « api:{client} » for an API client (the journal's spelling).</summary>
    public static string? Of(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? (user.FindFirstValue(ScopeAccessor.ApiClientIdClaim) is { } client ? "api:" + client : null);
}
