using Maillage.Data;
using Maillage.Features.Lieux.Signalements;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Gestion.Signalements;

public sealed record ReportRow(
    int Id, int PlaceId, string PlaceName, string Commune, string Topic, string Message, string? ContactEmail,
    DateTimeOffset CreatedAt, PlaceReportStatus Status, DateTimeOffset? HandledAt, string? HandledByName, string? Resolution);

/// <summary>The coordinators' queue of « Signaler une erreur » reports, on the places the user manages only.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    /// <summary>nouveau (default), traite, rejete or tous.</summary>
    [BindProperty(SupportsGet = true, Name = "statut")]
    public string? StatusFilter { get; set; }

    /// <summary>recent (default: newest first) or ancien (oldest first, to empty the queue in order).</summary>
    [BindProperty(SupportsGet = true, Name = "tri")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public Paged<ReportRow> Reports { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    public static readonly IReadOnlyList<(string Value, string Label)> StatusChoices =
    [
        ("nouveau", "À traiter"),
        ("traite", "Traités"),
        ("rejete", "Rejetés"),
        ("tous", "Tous"),
    ];

    public static string StatusLabel(PlaceReportStatus status) => status switch
    {
        PlaceReportStatus.Nouveau => "À traiter",
        PlaceReportStatus.Traite => "Traité",
        PlaceReportStatus.Rejete => "Rejeté",
        _ => status.ToString(),
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        StatusFilter = StatusChoices.Any(c => c.Value == StatusFilter) ? StatusFilter : "nouveau";
        Sort = Sort == "ancien" ? "ancien" : "recent";
        var query = await ScopedAsync(db, scopes, ct);
        query = StatusFilter switch
        {
            "nouveau" => query.Where(r => r.Status == PlaceReportStatus.Nouveau),
            "traite" => query.Where(r => r.Status == PlaceReportStatus.Traite),
            "rejete" => query.Where(r => r.Status == PlaceReportStatus.Rejete),
            _ => query,
        };

        // Ordered by id: the creation order, without sorting on a DateTimeOffset (not comparable in SQL on SQLite).
        query = Sort == "ancien" ? query.OrderBy(r => r.Id) : query.OrderByDescending(r => r.Id);
        var (page, size) = Paging.Normalize(PageNumber, Paging.DefaultPageSize);
        var total = await query.CountAsync(ct);
        var items = await query.Skip((page - 1) * size).Take(size)
            .Select(r => new ReportRow(r.Id, r.PlaceId, r.Place!.Name, r.Place.CommuneName, r.Topic, r.Message, r.ContactEmail,
                r.CreatedAt, r.Status, r.HandledAt, r.HandledByName, r.Resolution))
            .ToListAsync(ct);
        Reports = new Paged<ReportRow>(items, page, size, total);
    }

    /// <summary>The reports on places the current user manages (<see cref="UserScope.ManagedPlaces"/>).</summary>
    public static async Task<IQueryable<PlaceReport>> ScopedAsync(AppDbContext db, ScopeAccessor scopes, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var places = scope.ManagedPlaces(db.Places).Select(p => p.Id);
        return db.PlaceReports.AsNoTracking().Where(r => places.Contains(r.PlaceId));
    }
}
