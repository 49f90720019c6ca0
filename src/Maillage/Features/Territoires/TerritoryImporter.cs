using Maillage.Data;
using Maillage.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Territoires;

/// <summary>Loads the chosen départements (with their EPT/EPCI and communes) from the shipped resource into the territory tree.
/// Idempotent: a second run updates names, populations and postal codes, and moves subtrees whose parent changed.</summary>
public sealed class TerritoryImporter(AppDbContext db, AuditLog audit)
{
    public sealed record Result(int Created, int Updated, int Total);

    public async Task<Result> ImportAsync(IReadOnlyCollection<string> departements, CancellationToken ct = default)
    {
        var unknown = departements.Except(CommuneResource.DepartementCodes).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Département(s) inconnu(s) : {string.Join(", ", unknown)}. Utilisez le code INSEE (par exemple 42, 93, 2A, 974).");
        }

        var wanted = departements.ToHashSet();
        var nodes = CommuneResource.All.Where(n => n.Departement is not null && wanted.Contains(n.Departement)).ToList();
        var epciCodes = nodes.Where(n => n.Kind == TerritoryKind.Commune && n.ParentCode is not null).Select(n => n.ParentCode!).ToHashSet();
        var epcis = CommuneResource.All.Where(n => n.Kind == TerritoryKind.Epci && epciCodes.Contains(n.Code)).ToDictionary(n => n.Code);

        var existing = await db.Territories.Where(t => t.Kind != TerritoryKind.Quartier).ToDictionaryAsync(t => (t.Kind, t.Code), ct);
        int created = 0, updated = 0;
        var moves = new List<(string OldPath, string NewPath)>();

        Territory Upsert(ReferenceNode node, Territory? parent)
        {
            var path = (parent?.Path ?? "/") + Territory.Segment(node.Kind, node.Code) + "/";
            if (!existing.TryGetValue((node.Kind, node.Code), out var t))
            {
                t = new Territory { Kind = node.Kind, Code = node.Code, Name = node.Name, Path = path, Parent = parent };
                db.Territories.Add(t);
                existing[(node.Kind, node.Code)] = t;
                created++;
            }
            else if (t.Name != node.Name || t.Path != path || t.Population != node.Population || t.PostalCodes != node.PostalCodes)
            {
                if (t.Path != path)
                {
                    moves.Add((t.Path, path));
                }

                t.Name = node.Name;
                t.Path = path;
                t.Parent = parent;
                updated++;
            }

            t.Population = node.Population;
            t.PostalCodes = node.PostalCodes;
            return t;
        }

        var departementNodes = new Dictionary<string, Territory>();
        foreach (var d in nodes.Where(n => n.Kind == TerritoryKind.Departement))
        {
            departementNodes[d.Code] = Upsert(d, null);
        }

        var epciNodes = new Dictionary<string, Territory>();
        foreach (var e in epcis.Values.Where(e => e.Departement is not null && departementNodes.ContainsKey(e.Departement)))
        {
            epciNodes[e.Code] = Upsert(e, departementNodes[e.Departement!]);
        }

        foreach (var c in nodes.Where(n => n.Kind == TerritoryKind.Commune))
        {
            var parent = c.ParentCode is not null && epciNodes.TryGetValue(c.ParentCode, out var epci) ? epci : departementNodes[c.Departement!];
            Upsert(c, parent);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (oldPath, newPath) in moves)
        {
            // Quartiers below a commune that changed EPCI follow it.
            var prefix = oldPath;
            await db.Territories.Where(t => t.Kind == TerritoryKind.Quartier && t.Path.StartsWith(prefix))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Path, t => newPath + t.Path.Substring(prefix.Length)), ct);
        }

        audit.Record(AuditActions.TerritoriesImported, "territoire", null, $"départements {string.Join(", ", departements)} : {created} créés, {updated} mis à jour");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Result(created, updated, nodes.Count + epciNodes.Count);
    }
}
