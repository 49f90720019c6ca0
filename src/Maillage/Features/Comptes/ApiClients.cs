using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Shared.Security;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Comptes;

public static class ApiClients
{
    public const string TokenPrefix = "mlg_";

    /// <summary>Creates a client with its one role and scope; returns the token to show once, or a French error.</summary>
    public static async Task<(ApiClient? Client, string? Token, string? Error)> CreateAsync(
        AppDbContext db, AuditLog audit, TimeProvider clock, string name, string roleText, string? territoryCode, int? organizationId, CancellationToken ct = default)
    {
        name = name.Trim();
        if (name.Length is < 2 or > 200)
        {
            return (null, null, "Le nom du client doit comporter entre 2 et 200 caractères.");
        }

        if (!Roles.TryParse(roleText, out var role))
        {
            return (null, null, $"Rôle « {roleText} » inconnu : Administrateur, Coordinateur, Conseiller, Structure ou Lecteur.");
        }

        int? territoryId = null;
        if (Roles.IsOrganizationRole(role))
        {
            if (organizationId is null || territoryCode is not null)
            {
                return (null, null, $"Le rôle {role} se rattache à une structure : indiquez --organization (et pas --territory).");
            }

            if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, ct))
            {
                return (null, null, $"Aucune structure n° {organizationId}.");
            }
        }
        else if (role == Role.Administrateur)
        {
            if (organizationId is not null || territoryCode is not null)
            {
                return (null, null, "Un client Administrateur couvre toute l'instance : n'indiquez ni --territory ni --organization.");
            }
        }
        else
        {
            if (territoryCode is null || organizationId is not null)
            {
                return (null, null, $"Le rôle {role} se rattache à un territoire : indiquez --territory (et pas --organization).");
            }

            var matches = await db.Territories.Where(t => t.Code == territoryCode).Select(t => t.Id).Take(2).ToListAsync(ct);
            if (matches.Count != 1)
            {
                return (null, null, matches.Count == 0 ? $"Aucun territoire de code {territoryCode}." : $"Le code {territoryCode} est ambigu.");
            }

            territoryId = matches[0];
        }

        var token = SecretTokens.New(TokenPrefix);
        var client = new ApiClient
        {
            Name = name,
            Role = role,
            TerritoryId = territoryId,
            OrganizationId = role is Role.Conseiller or Role.Structure ? organizationId : null,
            TokenHash = SecretTokens.Hash(token),
            TokenPrefix = token[..8],
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiClients.Add(client);
        await db.SaveChangesAsync(ct);
        audit.Record(AuditActions.ApiClientCreated, "client-api", client.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{name} ({role})");
        await db.SaveChangesAsync(ct);
        return (client, token, null);
    }
}
