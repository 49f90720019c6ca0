using System.Globalization;
using Maillage.Data;
using Maillage.Features.Lieux.Standard;
using Maillage.Shared.OpeningHours;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Lieux.Search;

/// <summary>One place in the results of GET /api/v1/lieux.</summary>
public sealed record PlaceSummaryDto(
    int Id, string Name, string Address, string? AddressComplement, string PostalCode, string Commune,
    double? Latitude, double? Longitude, double? DistanceKm, IReadOnlyList<string> Services,
    bool IsOpenNow, string Status, string? Phone, string? BookingUrl);

/// <summary>Opening hours of a place: the OSM string, and in French.</summary>
public sealed record OpeningHoursDto(string? Osm, bool IsOpenNow, string Status, IReadOnlyList<string> Lines);

/// <summary>A published place: every field of the national schema (<see cref="National"/>) and ours.</summary>
public sealed record PlaceDetailsDto(
    int Id, PlaceRecord National, PlaceKind Kind, string KindLabel, string? Theme, string? Organization,
    string? Quarter, bool IsPriorityArea, string? AccessibilityNotes, OpeningHoursDto Hours);

public static class PlacesApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/lieux").WithTags("Lieux").AllowAnonymous().RequireRateLimiting(RateLimits.Public);
        group.MapGet("/", Search).WithName("SearchPlaces")
            .WithSummary("Lieux publiés : autour d'un point (lat, lon, rayon_km), par commune, code postal, services, publics, horaires ; paginé (public, limité en débit).")
            .WithDescription("Filtres : `lat` et `lon` (avec `rayon_km`, 10 km par défaut, 200 au plus) trient par distance ; `commune` (code INSEE) ; " +
                "`code_postal` (le code postal du lieu) ; `services`, `publics`, `prise_en_charge`, `frais`, `modalites_acces`, " +
                "`dispositifs` (répétables, codes ou libellés du schéma national : un lieu correspond s'il a au moins une des valeurs) ; " +
                "`ouvert_maintenant`, `ouvert_samedi`, `qpv` (booléens) ; `q` (mots du nom) ; `page` et `taille` (25 par défaut, 100 au plus).");
        group.MapGet("/{id:int}", Get).WithName("GetPlace")
            .WithSummary("Un lieu publié : tous les champs du schéma national, les nôtres et ses horaires en clair (public, limité en débit).");
        return group;
    }

    public static async Task<Results<Ok<Paged<PlaceSummaryDto>>, ValidationProblem>> Search(
        SearchIndex.PublishedPlaceIndex index, TimeProvider clock,
        double? lat, double? lon,
        [FromQuery(Name = "rayon_km")] double? rayonKm,
        string? commune,
        [FromQuery(Name = "code_postal")] string? codePostal,
        string[]? services, string[]? publics,
        [FromQuery(Name = "prise_en_charge")] string[]? priseEnCharge,
        string[]? frais,
        [FromQuery(Name = "modalites_acces")] string[]? modalitesAcces,
        string[]? dispositifs,
        [FromQuery(Name = "ouvert_maintenant")] bool? ouvertMaintenant,
        [FromQuery(Name = "ouvert_samedi")] bool? ouvertSamedi,
        bool? qpv, string? q, int? page, int? taille, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (lat is null != lon is null)
        {
            errors[lat is null ? "lat" : "lon"] = ["Indiquez la latitude (lat) et la longitude (lon) ensemble."];
        }

        if (lat is < -90 or > 90 || (lat is { } la && !double.IsFinite(la)))
        {
            errors["lat"] = ["La latitude (lat) doit être comprise entre -90 et 90."];
        }

        if (lon is < -180 or > 180 || (lon is { } lo && !double.IsFinite(lo)))
        {
            errors["lon"] = ["La longitude (lon) doit être comprise entre -180 et 180."];
        }

        if (rayonKm is not null && (rayonKm <= 0 || rayonKm > PlaceSearch.MaxRadiusKm || !double.IsFinite(rayonKm.Value)))
        {
            errors["rayon_km"] = [string.Create(CultureInfo.InvariantCulture, $"Le rayon (rayon_km) doit être supérieur à 0 et au plus {PlaceSearch.MaxRadiusKm:0} km.")];
        }
        else if (rayonKm is not null && lat is null)
        {
            errors["rayon_km"] = ["Le rayon (rayon_km) s'utilise avec un point : indiquez aussi lat et lon."];
        }

        if (!string.IsNullOrWhiteSpace(commune) && !PlaceVocabulary.InseeCode.IsMatch(commune.Trim()))
        {
            errors["commune"] = ["Le code INSEE de la commune (commune) doit avoir 5 caractères, par exemple 42218."];
        }

        if (!string.IsNullOrWhiteSpace(codePostal) && !PlaceVocabulary.PostalCode.IsMatch(codePostal.Trim()))
        {
            errors["code_postal"] = ["Le code postal (code_postal) doit avoir 5 chiffres, par exemple 42000."];
        }

        var serviceCodes = Codes(services, PlaceVocabulary.Services, "services", errors);
        var publicCodes = Codes(publics, PlaceVocabulary.SpecificPublics, "publics", errors);
        var supportCodes = Codes(priseEnCharge, PlaceVocabulary.SpecificSupport, "prise_en_charge", errors);
        var feeCodes = Codes(frais, PlaceVocabulary.Fees, "frais", errors);
        var accessCodes = Codes(modalitesAcces, PlaceVocabulary.AccessModes, "modalites_acces", errors);
        var programCodes = Codes(dispositifs, PlaceVocabulary.NationalPrograms, "dispositifs", errors);
        if (q is { Length: > 100 })
        {
            errors["q"] = ["La recherche (q) ne doit pas dépasser 100 caractères."];
        }

        if (page is < 1)
        {
            errors["page"] = ["Le numéro de page (page) commence à 1."];
        }

        if (taille is < 1 or > PlaceSearch.MaxPageSize)
        {
            errors["taille"] = [$"La taille de page (taille) doit être comprise entre 1 et {PlaceSearch.MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Données invalides");
        }

        var search = new PlaceSearch
        {
            Latitude = lat,
            Longitude = lon,
            RadiusKm = lat is null ? null : rayonKm ?? PlaceSearch.DefaultRadiusKm,
            InseeCode = commune?.Trim(),
            PostalCode = codePostal?.Trim(),
            Services = serviceCodes,
            Publics = publicCodes,
            Supports = supportCodes,
            Fees = feeCodes,
            AccessModes = accessCodes,
            NationalPrograms = programCodes,
            OpenNow = ouvertMaintenant == true,
            OpenOnSaturday = ouvertSamedi == true,
            PriorityAreaOnly = qpv == true,
            Text = q,
            Page = page ?? 1,
            PageSize = taille ?? Paging.DefaultPageSize,
        };
        var result = await index.SearchAsync(search, clock.GetUtcNow(), ct);
        var items = result.Items.Select(h => new PlaceSummaryDto(h.Id, h.Name, h.Address, h.AddressComplement, h.PostalCode, h.Commune,
            h.Latitude, h.Longitude, h.DistanceKm is { } d ? Math.Round(d, 2) : null, h.Services, h.IsOpenNow, h.Status, h.Phone, h.BookingUrl)).ToList();
        return TypedResults.Ok(new Paged<PlaceSummaryDto>(items, result.Page, result.PageSize, result.Total));
    }

    public static async Task<Results<Ok<PlaceDetailsDto>, ProblemHttpResult>> Get(int id, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var place = await PublishedPlaceAsync(db, id, ct);
        if (place is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Ressource introuvable", detail: "Aucun lieu publié ne porte ce numéro.");
        }

        var now = clock.GetUtcNow();
        var (open, status) = PlaceSearchQuery.Status(place.OpeningHours, now);
        IReadOnlyList<string> lines = place.OpeningHours is { } osm && OpeningHoursParser.TryParse(osm, out var schedule, out _)
            ? OpeningHoursText.WeeklyLines(schedule)
            : [];
        return TypedResults.Ok(new PlaceDetailsDto(place.Id, place.ToRecord(), place.Kind, Place.KindLabel(place.Kind), place.Theme,
            place.Organization?.Name, place.Quarter?.Name, place.Quarter?.IsPriorityArea == true, place.AccessibilityNotes,
            new OpeningHoursDto(place.OpeningHours, open, status, lines)));
    }

    /// <summary>A published place with its organization and quartier, or null.</summary>
    public static Task<Place?> PublishedPlaceAsync(AppDbContext db, int id, CancellationToken ct) =>
        db.Places.AsNoTracking().Include(p => p.Organization).Include(p => p.Quarter)
            .FirstOrDefaultAsync(p => p.Id == id && p.IsPublished, ct);

    /// <summary>The canonical codes of a repeated parameter (code or French label), or an error listing the accepted values.</summary>
    private static List<string> Codes(string[]? values, VocabularyList list, string parameter, Dictionary<string, string[]> errors)
    {
        var codes = new List<string>();
        var unknown = new List<string>();
        foreach (var value in (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)))
        {
            if (list.Normalize(value.Trim()) is { } code)
            {
                codes.Add(code);
            }
            else
            {
                unknown.Add(value.Trim());
            }
        }

        if (unknown.Count > 0)
        {
            errors[parameter] = [$"Valeur inconnue pour {parameter} : « {string.Join(" », « ", unknown)} ». Valeurs acceptées : {string.Join(" ; ", list.Codes)}."];
        }

        return codes;
    }
}
