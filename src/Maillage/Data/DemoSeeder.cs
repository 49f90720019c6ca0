using Maillage.Features.Comptes;
using Maillage.Features.Structures;
using Maillage.Features.Territoires;
using Maillage.Shared.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Data;

/// <summary>
/// The demo territory: Saint-Étienne (INSEE 42218) as described in the press articles of the real network, its priority
/// neighbourhoods, the inclusion unit, a few partner associations and one account per role. Each later feature adds its
/// part through <see cref="IDemoContributor"/>.
/// </summary>
public sealed class DemoSeeder(AppDbContext db, UserManager<AppUser> users, TerritoryImporter territories, IEnumerable<IDemoContributor> contributors, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string Password = "Demo-Maillage-2026";
    public const string CityInsee = "42218";

    public static readonly (Role Role, string Email, string Name)[] Accounts =
    [
        (Role.Administrateur, "admin@demo.maillage.fr", "Camille Admin"),
        (Role.Coordinateur, "coordination@demo.maillage.fr", "Mariane Coordination"),
        (Role.Conseiller, "conseiller@demo.maillage.fr", "Sami Conseiller"),
        (Role.Structure, "structure@demo.maillage.fr", "Nadia Structure"),
        (Role.Lecteur, "elu@demo.maillage.fr", "Élu·e Lecteur"),
    ];

    public static readonly (string Name, bool Qpv)[] QuarterNames =
    [
        ("Cotonne-Montferré", true),
        ("Montreynaud", true),
        ("Beaubrun-Tarentaize", true),
        ("Quartiers sud-est", true),
        ("Crêt de Roch", true),
        ("Terrenoire", false),
        ("Centre-ville", false),
        ("Bellevue", false),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(u => u.Email == Accounts[0].Email, ct))
        {
            logger.LogInformation("Demo data already present");
            return;
        }

        await territories.ImportAsync(["42"], ct);
        var city = await db.Territories.SingleAsync(t => t.Kind == TerritoryKind.Commune && t.Code == CityInsee, ct);
        var quarters = new Dictionary<string, Territory>();
        foreach (var (name, qpv) in QuarterNames)
        {
            quarters[name] = await Quarters.AddAsync(db, city, name, qpv, ct);
            await db.SaveChangesAsync(ct);
        }

        var now = clock.GetUtcNow();
        Organization Org(string name, OrganizationKind kind, string? siren, string? rna, string address, Territory territory)
        {
            var org = new Organization
            {
                Name = name,
                Kind = kind,
                Siret = siren is null ? null : DemoSiret(siren),
                Rna = rna,
                Address = address,
                PostalCode = "42000",
                CommuneId = city.Id,
                TerritoryId = territory.Id,
                CreatedAt = now,
            };
            db.Organizations.Add(org);
            return org;
        }

        var unit = Org("Ville de Saint-Étienne — Unité Inclusion numérique", OrganizationKind.Ville, "214202186", null, "Hôtel de ville, place de l'Hôtel de ville", city);
        var mife = Org("MIFE Loire Sud", OrganizationKind.Association, "388215261", "W423000412", "19 rue Pierre Termier", quarters["Centre-ville"]);
        Org("Office stéphanois des personnes âgées", OrganizationKind.Association, "776543210", "W423001187", "4 rue des Aciéries", quarters["Centre-ville"]);
        Org("PIMMS Médiation Saint-Étienne", OrganizationKind.Association, "423456789", "W423002356", "Place de Montreynaud", quarters["Montreynaud"]);
        Org("Centre socioculturel de la Cotonne", OrganizationKind.Association, "534567890", "W423003498", "Rue de la Cotonne", quarters["Cotonne-Montferré"]);
        Org("Quartiers Solidaires", OrganizationKind.Association, null, "W423004521", "12 rue Beaubrun", quarters["Beaubrun-Tarentaize"]);
        Org("CCAS de Saint-Étienne", OrganizationKind.Ccas, "264200010", null, "2 avenue Grüner", city);
        Org("Bibliothèque Pablo-Neruda", OrganizationKind.Bibliotheque, null, null, "Rue Pablo Neruda", quarters["Quartiers sud-est"]);
        await db.SaveChangesAsync(ct);

        var loire = await db.Territories.SingleAsync(t => t.Kind == TerritoryKind.Departement && t.Code == "42", ct);
        foreach (var (role, email, name) in Accounts)
        {
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = now };
            var result = await users.CreateAsync(user, Password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
            }

            db.Grants.Add(new Grant
            {
                UserId = user.Id,
                Role = role,
                TerritoryId = role switch
                {
                    Role.Administrateur => null,
                    Role.Coordinateur or Role.Lecteur => city.Id,
                    _ => null,
                },
                OrganizationId = role switch
                {
                    Role.Conseiller => unit.Id,
                    Role.Structure => mife.Id,
                    _ => null,
                },
                GrantedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
        foreach (var contributor in contributors.OrderBy(c => c.Order))
        {
            await contributor.SeedAsync(ct);
        }

        logger.LogInformation("Demo territory seeded ({Departement}): {Quarters} quarters, {Accounts} accounts", loire.Name, quarters.Count, Accounts.Length);
    }

    /// <summary>Head office SIRET for a SIREN: NIC 0001x with the Luhn key that makes the 14 digits valid.</summary>
    public static string DemoSiret(string siren)
    {
        for (var key = 0; key < 10; key++)
        {
            var candidate = siren + "0001" + key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (FrenchIdentifiers.SiretError(candidate) is null)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("unreachable: one key digit always satisfies Luhn");
    }
}

/// <summary>A feature's share of the demo data, run after the territory, organizations and accounts exist.</summary>
public interface IDemoContributor
{
    int Order { get; }

    Task SeedAsync(CancellationToken ct);
}
