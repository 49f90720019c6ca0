using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Doublons;
using Maillage.Features.Lieux.Import;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Gestion.Lieux.Doublons;

/// <summary>
/// Two probable duplicates side by side (/gestion/lieux/doublons/{a}/{b}): the reviewer picks the place to keep and,
/// field by field, the value to keep (the richer one preselected), checks a summary, then confirms the merge; or
/// records that they are distinct places. Both places must be in the user's scope.
/// </summary>
public sealed class CompareModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit, TimeProvider clock) : PageModel
{
    private readonly PlaceMerger merger = new(db, audit, clock);

    public const string ConflictMessage = "L'un des deux lieux a été modifié entre-temps par quelqu'un d'autre : ses valeurs actuelles sont affichées ci-dessous. Vérifiez vos choix, puis recommencez.";

    public Place A { get; private set; } = null!;
    public Place B { get; private set; } = null!;
    public DuplicateMatch? Match { get; private set; }
    public bool IsDismissed { get; private set; }

    /// <summary>"choix" (the form), "confirmation" (the summary before merging).</summary>
    public string Step { get; private set; } = "choix";
    public string? Error { get; private set; }

    /// <summary>"a" or "b": the place that stays.</summary>
    [BindProperty]
    public string? Keep { get; set; }

    /// <summary>Field key → "a" or "b": whose value the kept place takes.</summary>
    [BindProperty]
    public Dictionary<string, string> Choices { get; set; } = [];

    [BindProperty]
    public uint VersionA { get; set; }

    [BindProperty]
    public uint VersionB { get; set; }

    public IEnumerable<MergeField> DifferentFields => PlaceMerger.Fields.Where(f => f.Differs(A, B));
    public IEnumerable<MergeField> SameFields => PlaceMerger.Fields.Where(f => !f.Differs(A, B) && f.Display(A) is not null);

    public Place Kept => Keep == "b" ? B : A;
    public Place Other => Keep == "b" ? A : B;

    /// <summary>The fields whose value comes from the place that goes away.</summary>
    public IEnumerable<MergeField> TakenFromOther => DifferentFields.Where(f => Choice(f) != Keep);

    public string Choice(MergeField field) => Choices.TryGetValue(field.Key, out var c) && c is "a" or "b" ? c : field.Richer(A, B);

    public async Task<IActionResult> OnGetAsync(int a, int b, CancellationToken ct)
    {
        if (!await LoadAsync(a, b, ct))
        {
            return NotFound();
        }

        Defaults();
        return Page();
    }

    /// <summary>"Vérifier la fusion": shows the summary to confirm, nothing is written.</summary>
    public async Task<IActionResult> OnPostVerifierAsync(int a, int b, CancellationToken ct)
    {
        if (!await LoadAsync(a, b, ct))
        {
            return NotFound();
        }

        if (!Ready())
        {
            return Page();
        }

        Step = "confirmation";
        return Page();
    }

    /// <summary>"Modifier mes choix": back to the form with the choices made.</summary>
    public async Task<IActionResult> OnPostModifierAsync(int a, int b, CancellationToken ct)
    {
        if (!await LoadAsync(a, b, ct))
        {
            return NotFound();
        }

        Ready();
        return Page();
    }

    public async Task<IActionResult> OnPostFusionnerAsync(int a, int b, CancellationToken ct)
    {
        if (!await LoadAsync(a, b, ct, track: true))
        {
            return NotFound();
        }

        if (!Ready())
        {
            return Page();
        }

        var (kept, keptVersion, otherVersion) = Keep == "b" ? (B, VersionB, VersionA) : (A, VersionA, VersionB);
        var other = Other;
        var fromOther = TakenFromOther.Select(f => f.Key).ToHashSet();
        var outcome = await merger.MergeAsync(kept, keptVersion, other, otherVersion, fromOther, Actor(), ct);
        switch (outcome)
        {
            case MergeOutcome.Merged:
                TempData["Message"] = $"Les deux lieux ont été fusionnés : « {kept.Name} » (n° {kept.Id}) est conservé ; la fiche n° {other.Id} n'est plus publiée et renvoie vers lui.";
                return Redirect("/gestion/lieux/doublons");
            case MergeOutcome.AlreadyMerged:
                return Redirect($"/gestion/lieux/doublons/{a}/{b}");
            default:
                db.ChangeTracker.Clear();
                await LoadAsync(a, b, ct);
                Error = ConflictMessage;
                VersionA = A.Version;
                VersionB = B.Version;
                return Page();
        }
    }

    /// <summary>"Ce ne sont pas des doublons": the pair is recorded as distinct and no longer proposed.</summary>
    public async Task<IActionResult> OnPostEcarterAsync(int a, int b, CancellationToken ct)
    {
        if (!await LoadAsync(a, b, ct))
        {
            return NotFound();
        }

        await merger.DismissAsync(A.Id, B.Id, Actor(), ct);
        TempData["Message"] = $"C'est noté : « {A.Name} » et « {B.Name} » ne sont pas des doublons ; cette paire ne sera plus proposée.";
        return Redirect("/gestion/lieux/doublons");
    }

    /// <summary>Both places, if the user manages both; the pair's score and whether it was dismissed.</summary>
    private async Task<bool> LoadAsync(int a, int b, CancellationToken ct, bool track = false)
    {
        if (a == b)
        {
            return false;
        }

        var scope = await scopes.GetAsync(ct);
        var query = scope.ManagedPlaces(db.Places).Include(p => p.Organization).Where(p => p.Id == a || p.Id == b);
        var places = await (track ? query : query.AsNoTracking()).ToListAsync(ct);
        if (places.Count != 2)
        {
            return false;
        }

        A = places.Single(p => p.Id == a);
        B = places.Single(p => p.Id == b);
        Match = PlaceDuplicateDetector.Compare(Sketch(A), Sketch(B));
        var (first, second) = PlaceDuplicateDismissal.Order(a, b);
        IsDismissed = await db.PlaceDuplicateDismissals.AnyAsync(d => d.FirstPlaceId == first && d.SecondPlaceId == second, ct);
        return true;
    }

    private void Defaults()
    {
        VersionA = A.Version;
        VersionB = B.Version;
        var richerA = PlaceMerger.Fields.Count(f => f.Display(A) is not null);
        var richerB = PlaceMerger.Fields.Count(f => f.Display(B) is not null);
        Keep = richerB > richerA ? "b" : "a";
        Choices = PlaceMerger.Fields.ToDictionary(f => f.Key, f => f.Richer(A, B));
    }

    /// <summary>Checks the posted form; false (with the message to show) when it cannot go on.</summary>
    private bool Ready()
    {
        if (A.MergedIntoId is not null || B.MergedIntoId is not null)
        {
            return false;
        }

        if (VersionA != A.Version || VersionB != B.Version)
        {
            Error = ConflictMessage;
            VersionA = A.Version;
            VersionB = B.Version;
            Step = "choix";
            return false;
        }

        if (Keep is not ("a" or "b"))
        {
            ModelState.AddModelError(nameof(Keep), "Choisissez le lieu à conserver.");
            return false;
        }

        return true;
    }

    private ImportActor Actor() =>
        new(User.FindFirstValue(ClaimTypes.NameIdentifier), User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name ?? "inconnu");

    private static PlaceSketch Sketch(Place p) => new(p.Id, p.Name, p.CommuneName, p.InseeCode, p.PostalCode, p.Address, p.Latitude, p.Longitude);

    public static string SourceLabel(Place p) => p.ImportSource == Place.OwnSource ? "créé dans Maillage" : $"source « {p.ImportSource} », identifiant « {p.SourceId} »";
}
