using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Maillage.Pages.Ateliers;

/// <summary>The public agenda of workshops: upcoming sessions, filtered by theme, commune and week, 20 a page.</summary>
[AllowAnonymous]
[EnableRateLimiting(AgendaWorkshopsSetup.PublicPolicy)]
public sealed class IndexModel(AppDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "theme")]
    public string? Theme { get; set; }

    [BindProperty(SupportsGet = true, Name = "commune")]
    public string? Commune { get; set; }

    [BindProperty(SupportsGet = true, Name = "semaine")]
    public string? Week { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public Paged<PublicSession> Sessions { get; private set; } = new([], 1, WorkshopAgenda.PageSize, 0);

    public List<(string Code, string Name)> Communes { get; private set; } = [];

    public IReadOnlyList<(DateOnly Monday, string Label)> Weeks { get; private set; } = [];

    public static IReadOnlyList<(ActivityTheme Value, string Label)> Themes => ActivityLabels.All<ActivityTheme>().Where(t => t.Value != 0).ToList();

    public bool Filtered => Theme is { Length: > 0 } || Commune is { Length: > 0 } || Week is { Length: > 0 };

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        ActivityTheme? theme = Enum.TryParse<ActivityTheme>(Theme, out var t) && Enum.IsDefined(t) ? t : null;
        DateOnly? week = DateOnly.TryParseExact(Week, "yyyy-MM-dd", out var w) ? WorkshopAgenda.MondayOf(w) : null;
        var (page, _) = Paging.Normalize(PageNumber, WorkshopAgenda.PageSize);
        Sessions = await WorkshopAgenda.PageAsync(db, now, new AgendaFilter(theme, Commune, week), page, WorkshopAgenda.PageSize, ct);
        Communes = await WorkshopAgenda.CommunesAsync(db, now, ct);
        Weeks = WorkshopAgenda.Weeks(now);
    }
}
