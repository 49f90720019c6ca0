using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Gestion;
using Maillage.Shared.OpeningHours;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Gestion.Lieux;

public sealed record ChangeRow(DateTimeOffset At, string ActorName, string Kind, string Summary);

/// <summary>/gestion/lieux/{id}: summary, completeness, hours in plain French, change history (paged), publish/unpublish with confirmation.</summary>
public sealed class DetailsModel(AppDbContext db, ScopeAccessor scopes, PlaceEditor editor, TimeProvider clock) : PageModel
{
    public const int HistoryPageSize = 20;

    public Place Place { get; private set; } = null!;
    public int Score { get; private set; }
    public IReadOnlyList<string> Missing { get; private set; } = [];
    public string? HoursStatus { get; private set; }
    public IReadOnlyList<string> HoursLines { get; private set; } = [];
    public string? HoursError { get; private set; }
    public Paged<ChangeRow> History { get; private set; } = new([], 1, HistoryPageSize, 0);

    /// <summary>"publier" or "depublier" when the confirmation step is shown.</summary>
    [BindProperty(SupportsGet = true, Name = "confirmer")]
    public string? Confirm { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? HistoryPage { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Confirm is not ("publier" or "depublier") || (Confirm == "publier") == Place.IsPublished)
        {
            Confirm = null;
        }

        return Page();
    }

    /// <summary>Publishes or withdraws the place, after the confirmation step.</summary>
    public async Task<IActionResult> OnPostPublishAsync(int id, bool publish, uint version, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var place = await scope.ManagedPlaces(db.Places).FirstOrDefaultAsync(p => p.Id == id && p.MergedIntoId == null, ct);
        if (place is null)
        {
            return NotFound();
        }

        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var name = userId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        var status = await editor.SetPublishedAsync(place, version, publish, new PlaceActor(userId, name ?? User.Identity?.Name ?? "?"), ct);
        TempData["Message"] = status switch
        {
            PlaceSaveStatus.Conflict => PlaceEditor.ConflictMessage.Replace(" : ses valeurs actuelles sont affichées ci-dessous. Vérifiez-les, puis enregistrez à nouveau vos changements.", " : vérifiez sa fiche ci-dessous, puis recommencez.", StringComparison.Ordinal),
            _ when publish => $"Le lieu « {place.Name} » est publié : il est visible du public.",
            _ => $"Le lieu « {place.Name} » n'est plus visible du public.",
        };
        return Redirect($"/gestion/lieux/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var place = await scope.ManagedPlaces(db.Places.AsNoTracking()).Include(p => p.Organization).Include(p => p.Quarter)
            .FirstOrDefaultAsync(p => p.Id == id && p.MergedIntoId == null, ct);
        if (place is null)
        {
            return false;
        }

        Place = place;
        Score = PlaceCompleteness.ScoreOf(place);
        Missing = PlaceCompleteness.MissingOf(place);
        if (!string.IsNullOrWhiteSpace(place.OpeningHours))
        {
            if (OpeningHoursParser.TryParse(place.OpeningHours, out var schedule, out var error))
            {
                HoursLines = OpeningHoursText.WeeklyLines(schedule);
                HoursStatus = OpeningHoursText.StatusLine(schedule, clock.GetUtcNow());
            }
            else
            {
                HoursError = error;
            }
        }

        var (page, size) = Paging.Normalize(HistoryPage, HistoryPageSize);
        var changes = db.PlaceChanges.AsNoTracking().Where(c => c.PlaceId == id);
        var total = await changes.CountAsync(ct);
        var rows = await changes.OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Skip((page - 1) * size).Take(size)
            .Select(c => new ChangeRow(c.At, c.ActorName, c.Kind, c.Summary)).ToListAsync(ct);
        History = new Paged<ChangeRow>(rows, page, size, total);
        return true;
    }
}
