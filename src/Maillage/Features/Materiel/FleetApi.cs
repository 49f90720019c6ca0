using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

/// <summary>An item as the API shows it.</summary>
public sealed record ItemDto(
    int Id, string AssetTag, int CategoryId, string Category, string Model, string? SerialNumber, ItemStatus Status, ItemCondition Condition,
    int OrganizationId, int? HomePlaceId, string? HomePlace, int? KitId, DateOnly? PurchasedOn, decimal? Cost, string? FundingSource, string? Notes,
    IReadOnlyList<string> Accessories, uint Version);

/// <summary>/api/v1/materiel: the fleet the caller manages (same scope as the pages).</summary>
public static class FleetApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var items = api.MapGroup("/materiel").WithTags("Matériel").RequireAuthorization(Policies.ApiOrSession);
        items.MapGet("/", List).WithName("ListItems")
            .WithSummary("Objets du parc de votre périmètre, filtrés (q : étiquette, modèle ou n° de série ; categorie ; statut ; kit), par pages, par étiquette.");
        items.MapGet("/{id:int}", Get).WithName("GetItem").WithSummary("Un objet du parc, avec ses accessoires.");
        items.MapGet("/etiquettes/{tag}", ByTag).WithName("GetItemByTag").WithSummary("L'objet qui porte cette étiquette (ce qu'ouvre le QR code).");
        items.MapPost("/", Create).WithName("CreateItem")
            .WithSummary("Ajoute un objet au parc ; sans assetTag, l'étiquette suivante de la catégorie est donnée. Erreurs en français par champ.");
        items.MapPut("/{id:int}", Update).WithName("UpdateItem")
            .WithSummary("Modifie un objet ; l'en-tête If-Match porte la version lue (409 si l'objet a changé depuis).");
    }

    private static IQueryable<ItemDto> Project(IQueryable<Item> q) =>
        q.Select(i => new ItemDto(i.Id, i.AssetTag, i.CategoryId, i.Category!.Name, i.Model, i.SerialNumber, i.Status, i.Condition, i.OrganizationId,
            i.HomePlaceId, i.HomePlace!.Name, i.KitId, i.PurchasedOn, i.Cost, i.FundingSource, i.Notes, i.Accessories.OrderBy(a => a.Id).Select(a => a.Name).ToList(), i.Version));

    private static ProblemHttpResult Refused() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Accès refusé",
        detail: "Le parc de matériel est réservé à l'administration, à la coordination et aux structures qui en possèdent.");

    public static async Task<Results<Ok<Paged<ItemDto>>, ProblemHttpResult>> List(
        AppDbContext db, ScopeAccessor scopes, string? q, int? categorie, ItemStatus? statut, int? kit, int? page, int? pageSize, CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasFleet)
        {
            return Refused();
        }

        var query = FleetSearch.Filter(access.Items(db.Items.AsNoTracking()), q, categorie, statut, kit);
        var (number, size) = Paging.Normalize(page, pageSize);
        var total = await query.CountAsync(ct);
        var rows = await Project(query.OrderBy(i => i.AssetTag).Skip((number - 1) * size).Take(size)).ToListAsync(ct);
        return TypedResults.Ok(new Paged<ItemDto>(rows, number, size, total));
    }

    public static async Task<Results<Ok<ItemDto>, NotFound, ProblemHttpResult>> Get(int id, AppDbContext db, ScopeAccessor scopes, CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasFleet)
        {
            return Refused();
        }

        return await Project(access.Items(db.Items.AsNoTracking()).Where(i => i.Id == id)).FirstOrDefaultAsync(ct) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<ItemDto>, ProblemHttpResult>> ByTag(string tag, AppDbContext db, ScopeAccessor scopes, CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasFleet)
        {
            return Refused();
        }

        var normalized = AssetTags.Normalize(tag);
        return await Project(access.Items(db.Items.AsNoTracking()).Where(i => i.AssetTag == normalized)).FirstOrDefaultAsync(ct) is { } dto
            ? TypedResults.Ok(dto)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Étiquette inconnue", detail: $"Aucun objet de votre parc ne porte l'étiquette « {normalized} ».");
    }

    private static Dictionary<string, string[]> Keys(IReadOnlyDictionary<string, string[]> errors) =>
        errors.ToDictionary(e => e.Key.Length == 0 ? "" : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value);

    public static async Task<Results<Created<ItemDto>, ValidationProblem, ProblemHttpResult>> Create(
        ItemApiInput input, AppDbContext db, ScopeAccessor scopes, FleetService fleet, HttpContext http, CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasFleet)
        {
            return Refused();
        }

        var result = await fleet.CreateAsync(access, input.ToInput(), await fleet.ActorNameAsync(http.User, ct), ct);
        if (result.Outcome != FleetOutcome.Saved)
        {
            return TypedResults.ValidationProblem(Keys(result.Errors), title: "Données invalides");
        }

        var dto = await Project(db.Items.AsNoTracking().Where(i => i.Id == result.Item!.Id)).SingleAsync(ct);
        return TypedResults.Created($"/api/v1/materiel/{dto.Id}", dto);
    }

    public static async Task<Results<Ok<ItemDto>, ValidationProblem, NotFound, ProblemHttpResult>> Update(
        int id, ItemApiInput input, AppDbContext db, ScopeAccessor scopes, FleetService fleet, HttpContext http, CancellationToken ct)
    {
        var access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.HasFleet)
        {
            return Refused();
        }

        if (!uint.TryParse(http.Request.Headers.IfMatch.ToString().Trim('"'), out var version))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "Version manquante",
                detail: "Indiquez dans l'en-tête If-Match la version lue (champ version de l'objet), pour ne pas écraser une modification faite entre-temps.");
        }

        var result = await fleet.UpdateAsync(access, id, input.ToInput(), version, await fleet.ActorNameAsync(http.User, ct), ct);
        return result.Outcome switch
        {
            FleetOutcome.NotFound => TypedResults.NotFound(),
            FleetOutcome.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflit", detail: result.Errors.Values.First()[0]),
            FleetOutcome.Invalid => TypedResults.ValidationProblem(Keys(result.Errors), title: "Données invalides"),
            _ => TypedResults.Ok(await Project(db.Items.AsNoTracking().Where(i => i.Id == id)).SingleAsync(ct)),
        };
    }
}

/// <summary>An item as the API receives it; cost in euros, accessories as a list.</summary>
public sealed record ItemApiInput(
    int? CategoryId, int? OrganizationId, string? Model, string? SerialNumber, string? AssetTag, ItemCondition? Condition, int? HomePlaceId,
    DateOnly? PurchasedOn, decimal? Cost, string? FundingSource, string? Notes, IReadOnlyList<string>? Accessories)
{
    public ItemInput ToInput() => new()
    {
        CategoryId = CategoryId,
        OrganizationId = OrganizationId,
        Model = Model,
        SerialNumber = SerialNumber,
        AssetTag = AssetTag,
        Condition = Condition ?? ItemCondition.Good,
        HomePlaceId = HomePlaceId,
        PurchasedOn = PurchasedOn,
        Cost = Cost?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        FundingSource = FundingSource,
        Notes = Notes,
        Accessories = Accessories is null ? null : string.Join("\n", Accessories),
    };
}
