using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Features.Territoires;
using Maillage.Shared.Scoping;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Territoires;

/// <summary>One ancestor of a territory node, for breadcrumbs and "situé dans" columns.</summary>
public sealed record TrailItem(int Id, TerritoryKind Kind, string Code, string Name, string Path);

/// <summary>Small territory helpers shared by the admin pages of structures and territories.</summary>
public static class TerritoryTrail
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The materialized paths of every ancestor of <paramref name="path"/> ("/D42/", "/D42/E…/"…), root first.</summary>
    public static IEnumerable<string> AncestorPaths(string path, bool includeSelf = false)
    {
        var index = 0;
        while ((index = path.IndexOf('/', index + 1)) > 0)
        {
            var prefix = path[..(index + 1)];
            if (includeSelf || prefix.Length < path.Length)
            {
                yield return prefix;
            }
        }
    }

    /// <summary>Loads the nodes of the given paths, keyed by path (one query).</summary>
    public static async Task<Dictionary<string, TrailItem>> LoadAsync(AppDbContext db, IEnumerable<string> paths, CancellationToken ct = default)
    {
        var wanted = paths.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        return await db.Territories.AsNoTracking().Where(t => wanted.Contains(t.Path))
            .Select(t => new TrailItem(t.Id, t.Kind, t.Code, t.Name, t.Path))
            .ToDictionaryAsync(t => t.Path, StringComparer.Ordinal, ct);
    }

    /// <summary>The ancestors of a node (root first), optionally with the node itself.</summary>
    public static async Task<List<TrailItem>> AncestorsAsync(AppDbContext db, string path, bool includeSelf = false, CancellationToken ct = default)
    {
        var paths = AncestorPaths(path, includeSelf).ToList();
        var nodes = await LoadAsync(db, paths, ct);
        return [.. paths.Where(nodes.ContainsKey).Select(p => nodes[p])];
    }

    /// <summary>Communes where the user may attach a structure: all for an administrator; for a coordinator the communes
    /// of their subtrees, and the commune of a quartier they coordinate.</summary>
    public static IQueryable<Territory> ManagedCommunes(this UserScope scope, IQueryable<Territory> territories)
    {
        var communes = territories.Where(t => t.Kind == TerritoryKind.Commune);
        if (scope.IsAdministrator)
        {
            return communes;
        }

        var grantPaths = scope.Grants.Where(g => g.Role == Role.Coordinateur && g.TerritoryPath is not null).Select(g => g.TerritoryPath!).Distinct().ToList();
        var t = Expression.Parameter(typeof(Territory), "t");
        var path = Expression.Property(t, nameof(Territory.Path));
        Expression body = Expression.Constant(false);
        foreach (var prefix in grantPaths)
        {
            body = Expression.OrElse(body, Expression.Call(path, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!, Expression.Constant(prefix)));
        }

        var enclosing = grantPaths.SelectMany(p => AncestorPaths(p)).Distinct().ToList();
        if (enclosing.Count > 0)
        {
            body = Expression.OrElse(body, Expression.Call(Expression.Constant(enclosing), typeof(List<string>).GetMethod(nameof(List<string>.Contains))!, path));
        }

        return communes.Where(Expression.Lambda<Func<Territory, bool>>(body, t));
    }

    public static string FormatNumber(int? value) => value is null ? "—" : value.Value.ToString("N0", French);

    public static string FormatPostalCodes(string? codes) => string.IsNullOrEmpty(codes) ? "—" : codes.Replace(",", ", ", StringComparison.Ordinal);

    /// <summary>Names equal for a person: case, accents, hyphens and spaces ignored ("Crêt-de-Roch" = "cret de roch").</summary>
    public static bool SameName(string a, string b) => Fold(a) == Fold(b);

    /// <summary>A name folded for comparison: lower case, no accents, words separated by one space, "st"/"ste" spelled out.</summary>
    public static string Fold(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        var words = builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w switch { "st" => "saint", "ste" => "sainte", _ => w });
        return string.Join(' ', words);
    }
}

/// <summary>One link of a breadcrumb (the _Breadcrumb partial); the last one is the current page.</summary>
public sealed record Crumb(string Label, string Href);
