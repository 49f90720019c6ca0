using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Territoires;

public sealed record TerritoryDto(int Id, TerritoryKind Kind, string Code, string Name, int? ParentId, bool IsPriorityArea, int? Population, string[] PostalCodes);

public sealed record CommuneSuggestion(string Code, string Name, string[] PostalCodes);

public static class TerritoriesApi
{
    public static RouteGroupBuilder MapTerritoriesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/territoires").WithTags("Territoires").RequireAuthorization(Policies.Api);
        group.MapGet("/", List).WithName("ListTerritories").WithSummary("Arbre des territoires : filtre par parent, type ou nom, paginé.");
        group.MapGet("/{id:int}", Get).WithName("GetTerritory").WithSummary("Un nœud du territoire.");

        // Public, anonymous and rate-limited: the commune picker of public forms.
        api.MapGet("/public/communes", SuggestCommunes).WithTags("Public").WithName("SuggestCommunes")
            .WithSummary("Suggestions de communes par nom ou code postal (public, limité en débit).")
            .AllowAnonymous().RequireRateLimiting(RateLimits.Public);
        return group;
    }



    public static async Task<Ok<Paged<TerritoryDto>>> List(AppDbContext db, int? parentId, TerritoryKind? kind, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = Paging.Normalize(page, pageSize);
        var query = db.Territories.AsNoTracking();
        if (parentId is not null)
        {
            query = query.Where(t => t.ParentId == parentId);
        }

        if (kind is not null)
        {
            query = query.Where(t => t.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var like = $"%{q.Trim().ToLowerInvariant()}%";
            query = query.Where(t => EF.Functions.Like(t.Name.ToLower(), like) || t.Code == q.Trim());
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(t => t.Kind).ThenBy(t => t.Name).ThenBy(t => t.Id).Skip((p - 1) * size).Take(size)
            .Select(t => new { t.Id, t.Kind, t.Code, t.Name, t.ParentId, t.IsPriorityArea, t.Population, t.PostalCodes }).ToListAsync(ct);
        var items = rows.Select(t => new TerritoryDto(t.Id, t.Kind, t.Code, t.Name, t.ParentId, t.IsPriorityArea, t.Population, Split(t.PostalCodes))).ToList();
        return TypedResults.Ok(new Paged<TerritoryDto>(items, p, size, total));
    }

    public static async Task<Results<Ok<TerritoryDto>, NotFound>> Get(int id, AppDbContext db, CancellationToken ct)
    {
        var t = await db.Territories.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        return t is null ? TypedResults.NotFound() : TypedResults.Ok(new TerritoryDto(t.Id, t.Kind, t.Code, t.Name, t.ParentId, t.IsPriorityArea, t.Population, Split(t.PostalCodes)));
    }

    public static async Task<Results<Ok<List<CommuneSuggestion>>, ValidationProblem>> SuggestCommunes(AppDbContext db, string? q, CancellationToken ct)
    {
        var term = q?.Trim() ?? "";
        if (term.Length < 2 || term.Length > 100)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = ["Saisissez au moins 2 caractères (nom de commune ou code postal)."] }, title: "Données invalides");
        }

        var communes = db.Territories.AsNoTracking().Where(t => t.Kind == TerritoryKind.Commune);
        var like = term.All(char.IsAsciiDigit) ? null : $"{term.ToLowerInvariant()}%";
        communes = like is null
            ? communes.Where(t => t.PostalCodes != null && t.PostalCodes.Contains(term))
            : communes.Where(t => EF.Functions.Like(t.Name.ToLower(), like));
        var rows = await communes.OrderByDescending(t => t.Population).ThenBy(t => t.Name).Take(10)
            .Select(t => new { t.Code, t.Name, t.PostalCodes }).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => new CommuneSuggestion(r.Code, r.Name, Split(r.PostalCodes))).ToList());
    }

    private static string[] Split(string? codes) => string.IsNullOrEmpty(codes) ? [] : codes.Split(',');
}
