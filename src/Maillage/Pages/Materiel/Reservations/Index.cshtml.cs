using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel.Reservations;

public sealed record ReservationRow(int Id, ReservationStatus Status, string Borrower, string What, DateOnly StartDate, DateOnly EndDate, string Location, bool Overdue);

/// <summary>/materiel/reservations: requests to decide, loans under way, overdue; a structure sees its own, the coordination those it lends.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes, ReservationService reservations) : LendingPageModel(db, scopes)
{
    public static readonly IReadOnlyList<(string Slug, string Label)> Views =
    [
        ("", "Toutes"), ("a-valider", "À valider"), ("a-venir", "Validées à venir"), ("en-pret", "En prêt"), ("en-retard", "En retard"), ("attente", "Liste d'attente"), ("terminees", "Terminées"),
    ];

    public Paged<ReservationRow> Results { get; private set; } = new([], 1, 25, 0);
    public string View { get; private set; } = "";
    public Dictionary<string, int> Counts { get; } = [];

    public async Task<IActionResult> OnGetAsync(string? vue, int? page, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        var today = reservations.Today;
        View = Views.Any(v => v.Slug == vue) ? vue! : "";
        var visible = ReservationService.Visible(access, Db.Reservations.AsNoTracking());
        IQueryable<Reservation> Filter(string slug) => slug switch
        {
            "a-valider" => visible.Where(r => r.Status == ReservationStatus.Pending),
            "a-venir" => visible.Where(r => r.Status == ReservationStatus.Approved),
            "en-pret" => visible.Where(r => r.Status == ReservationStatus.CheckedOut),
            "en-retard" => visible.Where(r => r.Status == ReservationStatus.CheckedOut && r.EndDate < today),
            "attente" => visible.Where(r => r.Status == ReservationStatus.Waiting),
            "terminees" => visible.Where(r => r.Status == ReservationStatus.Returned || r.Status == ReservationStatus.Refused || r.Status == ReservationStatus.Cancelled),
            _ => visible,
        };
        foreach (var slug in new[] { "a-valider", "en-pret", "en-retard" })
        {
            Counts[slug] = await Filter(slug).CountAsync(ct);
        }

        var query = Filter(View);
        var ordered = View is "terminees" or "" ? query.OrderByDescending(r => r.StartDate).ThenByDescending(r => r.Id) : query.OrderBy(r => r.StartDate).ThenBy(r => r.Id);
        var (number, size) = Paging.Normalize(page, 25);
        var total = await query.CountAsync(ct);
        var rows = await ordered.Skip((number - 1) * size).Take(size).Select(r => new
        {
            r.Id,
            r.Status,
            Borrower = r.Borrower!.Name,
            Kit = r.Kit!.Name,
            r.StartDate,
            r.EndDate,
            r.Location,
            First = r.Lines.OrderBy(l => l.Id).Select(l => l.Item!.Model + " (" + l.Item.AssetTag + ")").FirstOrDefault(),
        }).ToListAsync(ct);
        Results = new Paged<ReservationRow>(
            [.. rows.Select(r => new ReservationRow(r.Id, r.Status, r.Borrower, r.Kit ?? r.First ?? "—", r.StartDate, r.EndDate, r.Location, r.Status == ReservationStatus.CheckedOut && r.EndDate < today))],
            number, size, total);
        return Page();
    }
}
