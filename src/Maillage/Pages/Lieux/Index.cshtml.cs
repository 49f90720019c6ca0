using System.Globalization;
using System.Text;
using Maillage.Data;
using Maillage.Features.Lieux.Search;
using Maillage.Features.Lieux.Standard;
using Maillage.Features.Territoires;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Lieux;

public sealed record CommuneChoice(string Code, string Name, string PostalCodes);

/// <summary>
/// "Trouver de l'aide près de chez moi": a GET form and its results, rendered on the server (works without JavaScript).
/// Where: a commune (typed as a name or a postal code, or chosen by INSEE code) or a point (lat, lon; a later script fills them).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public class IndexModel(AppDbContext db, Features.Lieux.SearchIndex.PublishedPlaceIndex index, TimeProvider clock, IConfiguration config) : PageModel
{
    /// <summary>Address of this search page: /lieux, or /embed/lieux for the embeddable copy.</summary>
    public virtual string BasePath => "/lieux";

    public const string DefaultTileUrl = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    public const string DefaultAttribution = "&copy; <a href=\"https://www.openstreetmap.org/copyright\">les contributeurs d'OpenStreetMap</a>";

    /// <summary>What the person typed: a commune name or a postal code.</summary>
    [BindProperty(SupportsGet = true, Name = "ou")]
    public string? Where { get; set; }

    /// <summary>INSEE code of a chosen commune (links of the "which commune?" list).</summary>
    [BindProperty(SupportsGet = true, Name = "commune")]
    public string? CommuneCode { get; set; }

    [BindProperty(SupportsGet = true, Name = "services")]
    public List<string> Services { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "publics")]
    public List<string> Publics { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "prise_en_charge")]
    public List<string> Supports { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "frais")]
    public List<string> Fees { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "modalites_acces")]
    public List<string> AccessModes { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "dispositifs")]
    public List<string> Programs { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "ouvert")]
    public bool OpenNow { get; set; }

    [BindProperty(SupportsGet = true, Name = "samedi")]
    public bool OpenOnSaturday { get; set; }

    [BindProperty(SupportsGet = true, Name = "qpv")]
    public bool PriorityArea { get; set; }

    [BindProperty(SupportsGet = true, Name = "lat")]
    public double? Latitude { get; set; }

    [BindProperty(SupportsGet = true, Name = "lon")]
    public double? Longitude { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public Paged<PlaceHit> Results { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    /// <summary>The commune searched in, once known.</summary>
    public CommuneChoice? Commune { get; private set; }

    /// <summary>Several communes match what was typed: the person picks one.</summary>
    public IReadOnlyList<CommuneChoice> Choices { get; private set; } = [];

    /// <summary>A French sentence about the place typed that we could not use, shown next to the field.</summary>
    public string? WhereError { get; private set; }

    /// <summary>« distance depuis le centre de Saint-Étienne », « distance depuis le point indiqué », or null.</summary>
    public string? DistanceFrom { get; private set; }

    public bool Searched { get; private set; }

    public bool HasFilters => Services.Count > 0 || Publics.Count > 0 || Supports.Count > 0 || Fees.Count > 0 || AccessModes.Count > 0
        || Programs.Count > 0 || OpenNow || OpenOnSaturday || PriorityArea;

    /// <summary>Some of the criteria folded under « Plus de critères » are in use: the section opens.</summary>
    public bool HasMoreFilters => Publics.Count > 0 || Supports.Count > 0 || Fees.Count > 0 || AccessModes.Count > 0 || Programs.Count > 0;

    /// <summary>The postal code typed, when the search is by postal code (its communes are all searched).</summary>
    public string? PostalCode { get; private set; }

    /// <summary>The communes of <see cref="PostalCode"/> when there are several.</summary>
    public IReadOnlyList<CommuneChoice> PostalCommunes { get; private set; } = [];

    public bool AroundPoint { get; private set; }

    public static IReadOnlyList<VocabularyTerm> ServiceTerms => PlaceVocabulary.Services.Terms;

    /// <summary>The filters folded under « Plus de critères »: parameter name, legend, terms, and the chosen codes.</summary>
    public IReadOnlyList<(string Name, string Legend, IReadOnlyList<VocabularyTerm> Terms, List<string> Chosen)> MoreFilters =>
    [
        ("publics", "Publics accueillis", PlaceVocabulary.SpecificPublics.Terms, Publics),
        ("prise_en_charge", "Aide adaptée (prise en charge)", PlaceVocabulary.SpecificSupport.Terms, Supports),
        ("frais", "Prix", PlaceVocabulary.Fees.Terms, Fees),
        ("modalites_acces", "Comment y accéder", PlaceVocabulary.AccessModes.Terms, AccessModes),
        ("dispositifs", "Dispositifs et programmes nationaux", PlaceVocabulary.NationalPrograms.Terms, Programs),
    ];

    /// <summary>Tile URL template of the map (Map:TileUrl), handed to the script through a data- attribute.</summary>
    public string TileUrl => config["Map:TileUrl"] is { Length: > 0 } url ? url : DefaultTileUrl;

    /// <summary>Attribution (HTML) shown on the map (Map:Attribution).</summary>
    public string TileAttribution => config["Map:Attribution"] is { Length: > 0 } text ? text : DefaultAttribution;

    /// <summary>The results of this page that have coordinates: the map shows them, and only them.</summary>
    public bool HasMappedResults => Results.Items.Any(h => h.Latitude is not null && h.Longitude is not null);

    /// <summary>A coordinate for a data- attribute, with a dot whatever the culture.</summary>
    public static string? Coordinate(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct)
    {
        // The pager joins repeated values with commas; service codes hold none.
        Services = Normalize(Services, PlaceVocabulary.Services);
        Publics = Normalize(Publics, PlaceVocabulary.SpecificPublics);
        Supports = Normalize(Supports, PlaceVocabulary.SpecificSupport);
        Fees = Normalize(Fees, PlaceVocabulary.Fees);
        AccessModes = Normalize(AccessModes, PlaceVocabulary.AccessModes);
        Programs = Normalize(Programs, PlaceVocabulary.NationalPrograms);
        Searched = Request.Query.Count > 0;

        // A place typed in the field replaces a position kept from « Autour de moi » (hidden fields of the form).
        var typedPlace = !string.IsNullOrWhiteSpace(Where) && string.IsNullOrWhiteSpace(CommuneCode);
        await ResolveCommuneAsync(ct);
        if (Choices.Count > 0 || WhereError is not null)
        {
            return;
        }

        var search = new PlaceSearch
        {
            InseeCode = Commune?.Code,
            Services = Services,
            Publics = Publics,
            Supports = Supports,
            Fees = Fees,
            AccessModes = AccessModes,
            NationalPrograms = Programs,
            OpenNow = OpenNow,
            OpenOnSaturday = OpenOnSaturday,
            PriorityAreaOnly = PriorityArea,
            Page = PageNumber ?? 1,
            PageSize = Paging.DefaultPageSize,
        };
        if (!typedPlace && Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180)
        {
            search = search with { Latitude = Latitude, Longitude = Longitude, RadiusKm = Commune is null ? PlaceSearch.DefaultRadiusKm : null, InseeCode = Commune?.Code };
            AroundPoint = Commune is null;
            DistanceFrom = AroundPoint ? "distance depuis votre position" : "distance depuis le point indiqué";
        }
        else if (PostalCode is not null)
        {
            // Every commune of the postal code, and places that carry that postal code; sorted from the centre of their places.
            var codes = PostalCommunes.Select(c => c.Code).ToList();
            search = search with { InseeCode = null, InseeCodes = codes, PostalCode = PostalCode };
            if (await PlaceSearchQuery.CentreAsync(db, codes, PostalCode, ct) is { } centre)
            {
                search = search with { Latitude = centre.Lat, Longitude = centre.Lon };
                DistanceFrom = PostalCommunes.Count == 1
                    ? $"distance depuis le centre de {PostalCommunes[0].Name}"
                    : $"distance depuis le centre des lieux du {PostalCode}";
            }
        }
        else if (Commune is not null)
        {
            // The commune resource has no coordinates: its centre is the average position of its places.
            if (await PlaceSearchQuery.CentreAsync(db, [Commune.Code], null, ct) is { } centre)
            {
                search = search with { Latitude = centre.Lat, Longitude = centre.Lon };
                DistanceFrom = $"distance depuis le centre de {Commune.Name}";
            }
        }

        Results = await index.SearchAsync(search, clock.GetUtcNow(), ct);
        if (HasMappedResults)
        {
            // The map's tiles come from another host: this response's CSP lets images (and only images) come from it.
            SecurityHeaders.AllowImagesFrom(HttpContext, TileUrl);
        }
    }

    /// <summary>Commune suggestions for the search field (progressive: lieux-recherche.js fills a datalist): up to 10 names.</summary>
    public async Task<IActionResult> OnGetCommunesAsync(string? q, CancellationToken ct)
    {
        var key = Key(q ?? "");
        if (key.Length < 2)
        {
            return new JsonResult(Array.Empty<object>());
        }

        var codes = CommuneResource.All.Where(n => n.Kind == TerritoryKind.Commune && Key(n.Name).StartsWith(key, StringComparison.Ordinal))
            .Select(n => n.Code).ToList();
        var rows = await db.Territories.AsNoTracking().Where(t => t.Kind == TerritoryKind.Commune && codes.Contains(t.Code))
            .OrderByDescending(t => t.Population).ThenBy(t => t.Name).Take(10)
            .Select(t => new { code = t.Code, nom = t.Name, codesPostaux = t.PostalCodes ?? "" }).ToListAsync(ct);
        return new JsonResult(rows);
    }

    /// <summary>A link to this search with another commune (the other criteria kept).</summary>
    public string LinkWith(string? communeCode, bool keepFilters = true)
    {
        var parts = new List<string>();
        if (communeCode is not null)
        {
            parts.Add("commune=" + Uri.EscapeDataString(communeCode));
        }

        if (keepFilters)
        {
            parts.AddRange(Services.Select(s => "services=" + Uri.EscapeDataString(s)));
            foreach (var (name, _, _, chosen) in MoreFilters)
            {
                parts.AddRange(chosen.Select(c => name + "=" + Uri.EscapeDataString(c)));
            }

            if (OpenNow)
            {
                parts.Add("ouvert=true");
            }

            if (OpenOnSaturday)
            {
                parts.Add("samedi=true");
            }

            if (PriorityArea)
            {
                parts.Add("qpv=true");
            }
        }

        return BasePath + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }

    /// <summary>« 320 m » under a kilometre (to 10 m), « 1,4 km » under 10 km, « 27 km » beyond.</summary>
    public static string Kilometres(double km)
    {
        var metres = Math.Max(10, Math.Round(km * 100) * 10);
        return metres < 1000
            ? metres.ToString("0", CultureInfo.InvariantCulture) + " m"
            : km.ToString(km < 9.95 ? "0.0" : "0", CultureInfo.GetCultureInfo("fr-FR")) + " km";
    }

    private async Task ResolveCommuneAsync(CancellationToken ct)
    {
        var communes = db.Territories.AsNoTracking().Where(t => t.Kind == TerritoryKind.Commune);
        if (!string.IsNullOrWhiteSpace(CommuneCode))
        {
            var code = CommuneCode.Trim();
            Commune = await communes.Where(t => t.Code == code).Select(t => new CommuneChoice(t.Code, t.Name, t.PostalCodes ?? "")).FirstOrDefaultAsync(ct);
            if (Commune is null)
            {
                WhereError = "Nous ne trouvons pas cette commune. Écrivez son nom ou son code postal.";
            }
            else
            {
                Where ??= Commune.Name;
            }

            return;
        }

        var term = Where?.Trim() ?? "";
        if (term.Length == 0)
        {
            return;
        }

        List<CommuneChoice> found;
        if (term.Length == 5 && term.All(char.IsAsciiDigit))
        {
            // A postal code searches all its communes at once (no « which commune? » question).
            PostalCommunes = (await PlaceSearchQuery.CommunesOfPostalCodeAsync(db, term, ct)).Select(c => new CommuneChoice(c.Code, c.Name, c.PostalCodes)).ToList();
            if (PostalCommunes.Count == 0)
            {
                WhereError = $"Nous ne trouvons pas de commune au code postal {term} sur ce territoire. Vérifiez le code, ou écrivez le nom de la commune.";
                return;
            }

            PostalCode = term;
            if (PostalCommunes.Count == 1)
            {
                Commune = PostalCommunes[0];
            }

            return;
        }
        else if (term.Length < 2)
        {
            WhereError = "Écrivez au moins 2 lettres du nom de la commune, ou son code postal (5 chiffres).";
            return;
        }
        else
        {
            // Names are compared without accents, case, hyphens or apostrophes: « saint etienne » finds Saint-Étienne.
            var key = Key(term);
            var codes = CommuneResource.All.Where(n => n.Kind == TerritoryKind.Commune && Key(n.Name).StartsWith(key, StringComparison.Ordinal))
                .Select(n => n.Code).ToList();
            var rows = await communes.Where(t => codes.Contains(t.Code))
                .OrderByDescending(t => t.Population).ThenBy(t => t.Name).Take(50)
                .Select(t => new CommuneChoice(t.Code, t.Name, t.PostalCodes ?? "")).ToListAsync(ct);
            var exact = rows.Where(c => Key(c.Name) == key).ToList();
            found = exact.Count == 1 ? exact : rows;
        }

        switch (found.Count)
        {
            case 0:
                WhereError = $"Nous ne trouvons pas de commune « {term} ». Vérifiez l'orthographe, ou écrivez le code postal (5 chiffres).";
                break;
            case 1:
                Commune = found[0];
                break;
            default:
                Choices = found.Take(10).ToList();
                break;
        }
    }

    private static List<string> Normalize(List<string> values, VocabularyList vocabulary) =>
        values.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries))
            .Select(s => vocabulary.Normalize(s.Trim())).OfType<string>().Distinct().ToList();

    private static string Key(string value)
    {
        var decomposed = value.Replace('’', ' ').Replace('\'', ' ').Replace('-', ' ').Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }

                continue;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString().Trim();
    }
}
