using System.Text.RegularExpressions;
using Maillage.Data;
using Maillage.Features.Territoires;
using Maillage.Pages.Admin.Territoires;
using Maillage.Shared.Scoping;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Structures;

public sealed record CommuneOption(int Id, string Code, string Name, string? PostalCodes, int? Population)
{
    /// <summary>What the commune field shows and what the datalist proposes: "Saint-Étienne (42218)".</summary>
    public string Display => $"{Name} ({Code})";
}

/// <summary>The result of reading the commune field: one commune, several to choose from, or nothing.</summary>
public sealed record CommuneLookup(CommuneOption? Match, IReadOnlyList<CommuneOption> Candidates);

/// <summary>
/// The commune field of the structure form, without JavaScript: the user types a name, a postal code or an INSEE code
/// (or picks "Name (code)" from the datalist); the server resolves it among the communes they manage, or offers a choice.
/// </summary>
public static partial class CommunePicker
{
    /// <summary>Above this many communes in scope, no datalist is sent (the page would weigh too much on a phone).</summary>
    public const int DatalistLimit = 500;
    public const int MaxCandidates = 15;

    public static IQueryable<CommuneOption> Project(IQueryable<Territory> communes) =>
        communes.Select(t => new CommuneOption(t.Id, t.Code, t.Name, t.PostalCodes, t.Population));

    public static async Task<List<CommuneOption>?> DatalistAsync(AppDbContext db, UserScope scope, CancellationToken ct)
    {
        var communes = scope.ManagedCommunes(db.Territories.AsNoTracking());
        if (await communes.CountAsync(ct) > DatalistLimit)
        {
            return null;
        }

        return await Project(communes.OrderBy(t => t.Name)).ToListAsync(ct);
    }

    public static async Task<CommuneOption?> FindByCodeAsync(AppDbContext db, UserScope scope, string code, CancellationToken ct) =>
        await Project(scope.ManagedCommunes(db.Territories.AsNoTracking()).Where(t => t.Code == code)).FirstOrDefaultAsync(ct);

    public static async Task<CommuneLookup> ResolveAsync(AppDbContext db, UserScope scope, string? text, CancellationToken ct)
    {
        var term = text?.Trim() ?? "";
        if (term.Length == 0)
        {
            return new(null, []);
        }

        var managed = scope.ManagedCommunes(db.Territories.AsNoTracking());
        if (CodeInParentheses().Match(term) is { Success: true } explicitCode)
        {
            // "Saint-Étienne (42218)", as proposed by the datalist: the INSEE code decides.
            var byCode = await FindByCodeAsync(db, scope, explicitCode.Groups[1].Value.ToUpperInvariant(), ct);
            return new(byCode, []);
        }

        if (InseeCode().IsMatch(term))
        {
            // Five characters may be an INSEE code or a postal code (42100 is La Gimond's INSEE code and one of
            // Saint-Étienne's postal codes): one commune for both readings is a match, several are offered.
            var code = term.ToUpperInvariant();
            var found = await Project(managed.Where(t => t.Code == code || (t.PostalCodes != null && t.PostalCodes.Contains(code)))
                .OrderByDescending(t => t.Code == code).ThenByDescending(t => t.Population).ThenBy(t => t.Name).Take(MaxCandidates)).ToListAsync(ct);
            return found.Count == 1 ? new(found[0], []) : new(null, found);
        }

        // Names: compared folded (accents, case, hyphens), in memory: SQLite's LIKE ignores neither accents nor non-ASCII case.
        var wanted = TerritoryTrail.Fold(term);
        if (wanted.Length < 2)
        {
            return new(null, []);
        }

        var like = NameSearch.LikePattern(term);
        var all = await Project(managed.Where(t => EF.Functions.Like(t.Name.ToLower(), like))).ToListAsync(ct);
        var exact = all.Where(c => TerritoryTrail.Fold(c.Name) == wanted).ToList();
        if (exact.Count == 1)
        {
            return new(exact[0], []);
        }

        var candidates = all.Select(c => (Commune: c, Folded: TerritoryTrail.Fold(c.Name)))
            .Where(c => c.Folded.Contains(wanted, StringComparison.Ordinal))
            .OrderByDescending(c => c.Folded == wanted)
            .ThenByDescending(c => c.Folded.StartsWith(wanted, StringComparison.Ordinal))
            .ThenByDescending(c => c.Commune.Population)
            .Take(MaxCandidates)
            .Select(c => c.Commune)
            .ToList();
        return new(null, candidates);
    }

    [GeneratedRegex(@"\(([0-9][0-9AB][0-9]{3})\)\s*$")]
    private static partial Regex CodeInParentheses();

    [GeneratedRegex("^[0-9][0-9AB][0-9]{3}$", RegexOptions.IgnoreCase)]
    private static partial Regex InseeCode();
}
