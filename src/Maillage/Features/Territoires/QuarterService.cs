using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Territoires;

public static class Quarters
{
    /// <summary>Adds a quartier under a commune, generating its code ("42218-Q03") and path.</summary>
    public static async Task<Territory> AddAsync(AppDbContext db, Territory commune, string name, bool isPriorityArea, CancellationToken ct = default)
    {
        if (commune.Kind != TerritoryKind.Commune)
        {
            throw new ArgumentException("Un quartier se rattache à une commune.", nameof(commune));
        }

        var prefix = commune.Code + "-Q";
        var codes = await db.Territories.Where(t => t.Kind == TerritoryKind.Quartier && t.Code.StartsWith(prefix)).Select(t => t.Code).ToListAsync(ct);
        var next = codes.Select(c => int.TryParse(c[prefix.Length..], out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1;
        var code = prefix + next.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        var quarter = new Territory
        {
            Kind = TerritoryKind.Quartier,
            Code = code,
            Name = name.Trim(),
            ParentId = commune.Id,
            Path = commune.Path + Territory.Segment(TerritoryKind.Quartier, code) + "/",
            IsPriorityArea = isPriorityArea,
        };
        db.Territories.Add(quarter);
        return quarter;
    }
}
