using System.Globalization;
using Maillage.Data;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Search;
using Maillage.Features.Lieux.Standard;
using Maillage.Shared.OpeningHours;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Lieux;

/// <summary>One labelled list of a place's fiche: « Publics accueillis » and the French labels of its codes.</summary>
public sealed record LabelledList(string Title, IReadOnlyList<string> Labels);

/// <summary>The public fiche of a published place; 404 for an unknown or unpublished one.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class FicheModel(AppDbContext db, TimeProvider clock, IConfiguration config) : PageModel
{
    public Place Place { get; private set; } = null!;
    public bool IsOpenNow { get; private set; }
    public string Status { get; private set; } = "";
    public IReadOnlyList<string> WeeklyLines { get; private set; } = [];
    public IReadOnlyList<LabelledList> Lists { get; private set; } = [];

    /// <summary>The printable view: same page, with a hint on how to print.</summary>
    [BindProperty(SupportsGet = true, Name = "imprimer")]
    public bool Print { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var place = await PlacesApi.PublishedPlaceAsync(db, id, ct);
        if (place is null)
        {
            // A place merged into another keeps its address alive: links and printed QR codes lead to the kept fiche.
            var keptId = await db.Places.Where(p => p.Id == id && p.MergedIntoId != null).Select(p => p.MergedIntoId).FirstOrDefaultAsync(ct);
            return keptId is { } kept ? RedirectPermanent($"/lieux/{kept}") : NotFound();
        }

        Place = place;
        (IsOpenNow, Status) = PlaceSearchQuery.Status(place.OpeningHours, clock.GetUtcNow());
        WeeklyLines = WeeklyLinesOf(place);
        Lists = PublicLists(place, withSupportModes: true);
        return Page();
    }

    /// <summary>The hours in plain French, one line a day (none when the text cannot be read).</summary>
    public static IReadOnlyList<string> WeeklyLinesOf(Place place) =>
        place.OpeningHours is { } osm && OpeningHoursParser.TryParse(osm, out var schedule, out _) ? OpeningHoursText.WeeklyLines(schedule) : [];

    /// <summary>The place's coded lists that matter to a person, with their French labels; empty ones left out.</summary>
    public static IReadOnlyList<LabelledList> PublicLists(Place place, bool withSupportModes)
    {
        var lists = new List<LabelledList>
        {
            List("Ce que vous pouvez y faire", place.Services, PlaceVocabulary.Services),
            List("Publics accueillis en particulier", place.SpecificPublics, PlaceVocabulary.SpecificPublics),
            List("Aide adaptée", place.SpecificSupport, PlaceVocabulary.SpecificSupport),
            List("Prix", place.Fees, PlaceVocabulary.Fees),
            List("Pour y accéder", place.AccessModes, PlaceVocabulary.AccessModes),
        };
        if (withSupportModes)
        {
            lists.Add(List("Comment on vous aide", place.SupportModes, PlaceVocabulary.SupportModes));
        }

        return lists.Where(l => l.Labels.Count > 0).ToList();
    }

    /// <summary>The absolute address of this fiche (configured public URL, else this request's origin).</summary>
    public string CanonicalUrl => $"{Request.PublicBaseUrl(config)}/lieux/{Place.Id}";

    public string Coordinates => string.Create(CultureInfo.InvariantCulture, $"{Place.Latitude},{Place.Longitude}");

    public string DirectionsUrl => string.Create(CultureInfo.InvariantCulture,
        $"https://www.openstreetmap.org/directions?route=%3B{Place.Latitude}%2C{Place.Longitude}");

    public string MapUrl => string.Create(CultureInfo.InvariantCulture,
        $"https://www.openstreetmap.org/?mlat={Place.Latitude}&mlon={Place.Longitude}#map=18/{Place.Latitude}/{Place.Longitude}");

    public static IReadOnlyList<string> Split(string? stored) => Codes.Split(stored);

    /// <summary>« 04 77 48 00 01 » for +33477480001; other numbers as stored.</summary>
    public static string PhoneText(string phone)
    {
        var digits = phone.StartsWith("+33", StringComparison.Ordinal) ? "0" + phone[3..] : phone;
        return digits.Length == 10 && digits.All(char.IsAsciiDigit)
            ? string.Join(' ', Enumerable.Range(0, 5).Select(i => digits.Substring(i * 2, 2)))
            : phone;
    }

    private static LabelledList List(string title, string? stored, VocabularyList vocabulary) =>
        new(title, Codes.Split(stored).Select(vocabulary.LabelOf).ToList());
}
