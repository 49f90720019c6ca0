using System.Globalization;
using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Geocoding;
using Maillage.Features.Lieux.Gestion;
using Maillage.Shared.OpeningHours;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Gestion.Lieux;

/// <summary>
/// Creates (Nouveau.cshtml, /gestion/lieux/nouveau) or edits (Modifier.cshtml, /gestion/lieux/{id}/modifier) a place;
/// both views render _PlaceForm with this model. Every action is a plain form post: "Localiser l'adresse" and
/// "Afficher les quartiers" work without JavaScript; the map only enhances the latitude and longitude fields.
/// </summary>
public sealed class EditModel(AppDbContext db, ScopeAccessor scopes, PlaceEditor editor, IGeocoder geocoder, IConfiguration config) : PageModel
{
    public const string NotFoundAddressMessage = "Adresse introuvable : placez le point à la main sur la carte, ou saisissez la latitude et la longitude.";

    [BindProperty]
    public PlaceInput Input { get; set; } = new();

    public int? Id { get; private set; }
    public string? CurrentName { get; private set; }
    public string? SourceId { get; private set; }
    public bool IsNew => Id is null;

    public PlaceFormChoices Choices { get; private set; } = new([], false, []);
    public IReadOnlyList<QuarterChoice> Quarters { get; private set; } = [];
    public CommuneChoice? Commune { get; private set; }

    /// <summary>A message after "Localiser l'adresse" or "Afficher les quartiers".</summary>
    public string? Info { get; private set; }
    public string? Warning { get; private set; }

    /// <summary>The stored hours text when the parser cannot read it, with the parser's message.</summary>
    public string? HoursTextError { get; private set; }
    public IReadOnlyList<string> HoursTextLines { get; private set; } = [];

    public string TileUrl => config["Map:TileUrl"] is { Length: > 0 } url ? url : Maillage.Pages.Lieux.IndexModel.DefaultTileUrl;
    public string TileAttribution => config["Map:Attribution"] is { Length: > 0 } text ? text : Maillage.Pages.Lieux.IndexModel.DefaultAttribution;

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        var (found, place) = await LoadAsync(id, ct);
        if (!found)
        {
            return NotFound();
        }

        if (place is not null)
        {
            Input = PlaceForm.FromPlace(place);
        }
        else
        {
            PlaceForm.SetHours(Input, null);
            if (Choices.OrganizationRequired && Choices.Organizations.Count == 1)
            {
                Input.OrganizationId = Choices.Organizations[0].Id;
            }
        }

        await PrepareAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        var (found, place) = await LoadAsync(id, ct);
        if (!found)
        {
            return NotFound();
        }

        if (place is not null && Input.Version != place.Version)
        {
            return await ShowConflictAsync(place.Id, ct);
        }

        var scope = await scopes.GetAsync(ct);
        var result = await PlaceForm.CheckAsync(db, scope, Choices, Input, place, editor.Today, ct);
        ModelState.Clear();
        foreach (var (field, messages) in result.Errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError($"{nameof(Input)}.{field}", message);
            }
        }

        if (!result.IsValid)
        {
            await PrepareAsync(ct);
            return Page();
        }

        var actor = await ActorAsync(ct);
        if (place is null)
        {
            var created = await editor.CreateAsync(result.Values!, actor, ct);
            TempData["Message"] = $"Le lieu « {created.Name} » a été créé.";
            return Redirect($"/gestion/lieux/{created.Id}");
        }

        var status = await editor.UpdateAsync(place, Input.Version!.Value, result.Values!, actor, ct);
        if (status == PlaceSaveStatus.Conflict)
        {
            return await ShowConflictAsync(place.Id, ct);
        }

        TempData["Message"] = status == PlaceSaveStatus.Saved
            ? $"Le lieu « {place.Name} » a été enregistré."
            : $"Aucune modification : le lieu « {place.Name} » est inchangé.";
        return Redirect($"/gestion/lieux/{place.Id}");
    }

    /// <summary>"Localiser l'adresse": asks the geocoder, fills the coordinates, saves nothing.</summary>
    public async Task<IActionResult> OnPostLocateAsync(int? id, CancellationToken ct)
    {
        var (found, _) = await LoadAsync(id, ct);
        if (!found)
        {
            return NotFound();
        }

        ModelState.Clear();
        var insee = Input.InseeCode?.Trim().ToUpperInvariant();
        var commune = Choices.Communes.FirstOrDefault(c => c.Code == insee);
        if (string.IsNullOrWhiteSpace(Input.Address))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(PlaceInput.Address)}", "Indiquez l'adresse à localiser.");
        }
        else
        {
            var hit = await geocoder.GeocodeAsync(new GeocodingQuery(Input.Address.Trim(), Input.PostalCode?.Trim(), commune?.Name, commune?.Code), ct);
            if (hit is null)
            {
                Warning = NotFoundAddressMessage;
            }
            else
            {
                Input.Latitude = PlaceForm.Format(hit.Latitude);
                Input.Longitude = PlaceForm.Format(hit.Longitude);
                Input.LocatedLatitude = Input.Latitude;
                Input.LocatedLongitude = Input.Longitude;
                Input.CoordinatesSource = hit.Precision == "commune" ? CoordinatesSources.Commune : CoordinatesSources.Ban;
                Info = hit.Precision == "commune"
                    ? $"Seule la commune a été trouvée : le point est placé au centre de {hit.Label}. Placez-le à la main si possible, puis enregistrez."
                    : $"Adresse localisée : {hit.Label}. Vérifiez la position du point, puis enregistrez.";
            }
        }

        await PrepareAsync(ct);
        return Page();
    }

    /// <summary>"Afficher les quartiers": shows the quartiers of the chosen commune, saves nothing.</summary>
    public async Task<IActionResult> OnPostCommuneAsync(int? id, CancellationToken ct)
    {
        var (found, _) = await LoadAsync(id, ct);
        if (!found)
        {
            return NotFound();
        }

        ModelState.Clear();
        await PrepareAsync(ct);
        if (Commune is null)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(PlaceInput.InseeCode)}", "Choisissez la commune du lieu.");
        }
        else
        {
            Info = Quarters.Count > 0
                ? $"Commune retenue : {Commune.Name}. Choisissez un quartier si besoin, puis enregistrez."
                : $"Aucun quartier n'est défini pour {Commune.Name} : le lieu sera rattaché à la commune.";
        }

        return Page();
    }

    /// <summary>The place (tracked) when editing; false when it does not exist, is a merged tombstone or is outside the user's scope.</summary>
    private async Task<(bool Found, Place? Place)> LoadAsync(int? id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        Choices = await PlaceForm.ChoicesAsync(db, scope, ct);
        if (id is null)
        {
            return (true, null);
        }

        var place = await scope.ManagedPlaces(db.Places).FirstOrDefaultAsync(p => p.Id == id && p.MergedIntoId == null, ct);
        if (place is null)
        {
            return (false, null);
        }

        Id = place.Id;
        CurrentName = place.Name;
        SourceId = place.SourceId;
        return (true, place);
    }

    private async Task PrepareAsync(CancellationToken ct)
    {
        PlaceForm.PadGrid(Input);
        var insee = Input.InseeCode?.Trim().ToUpperInvariant();
        Commune = Choices.Communes.FirstOrDefault(c => c.Code == insee);
        if (Commune is null && insee is not null)
        {
            Commune = await db.Territories.AsNoTracking()
                .Where(t => t.Kind == Features.Territoires.TerritoryKind.Commune && t.Code == insee)
                .Select(t => new CommuneChoice(t.Id, t.Code, t.Name, t.PostalCodes)).FirstOrDefaultAsync(ct);
        }

        Quarters = Commune is null ? [] : await PlaceForm.QuartersAsync(db, Commune.Id, ct);
        if (!string.IsNullOrWhiteSpace(Input.HoursText))
        {
            if (OpeningHoursParser.TryParse(Input.HoursText, out var schedule, out var error))
            {
                HoursTextLines = OpeningHoursText.WeeklyLines(schedule);
            }
            else
            {
                HoursTextError = error;
            }
        }

        SecurityHeaders.AllowImagesFrom(HttpContext, TileUrl);
    }

    private async Task<IActionResult> ShowConflictAsync(int id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await db.Places.AsNoTracking().FirstAsync(p => p.Id == id, ct);
        ModelState.Clear();
        Input = PlaceForm.FromPlace(current);
        CurrentName = current.Name;
        ModelState.AddModelError("", PlaceEditor.ConflictMessage);
        await PrepareAsync(ct);
        return Page();
    }

    private async Task<PlaceActor> ActorAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var name = userId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return new PlaceActor(userId, name ?? User.Identity?.Name ?? "?");
    }

    public static string Percent(int value) => value.ToString(CultureInfo.InvariantCulture) + " %";
}
