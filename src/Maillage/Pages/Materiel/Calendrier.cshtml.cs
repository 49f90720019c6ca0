using System.Globalization;
using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel;

/// <summary>/materiel/calendrier: a month of the catalogue, free items per day by category and kit; one category's items row by row.</summary>
public sealed class CalendrierModel(AppDbContext db, ScopeAccessor scopes, LendingAvailability availability, ReservationService reservations) : LendingPageModel(db, scopes)
{
    public const int ItemsPerPage = 30;

    public Availability Calendar { get; private set; } = null!;
    public DateOnly Month { get; private set; }
    public int? CategoryId { get; private set; }
    public string? CategoryName { get; private set; }
    public List<(int Id, string Name)> Categories { get; private set; } = [];
    public List<AvailabilityItem> Items { get; private set; } = [];
    public int ItemPage { get; private set; }
    public int ItemPages { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? mois, int? categorie, int? page, CancellationToken ct)
    {
        await AccessAsync(ct);
        var today = reservations.Today;
        Month = DateOnly.TryParseExact(mois + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) ? m : new DateOnly(today.Year, today.Month, 1);
        var categories = await Db.ItemCategories.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ThenBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        Categories = [.. categories.Select(c => (c.Id, c.Name))];
        CategoryId = categorie is { } c && Categories.Any(x => x.Id == c) ? c : null;
        CategoryName = Categories.FirstOrDefault(x => x.Id == CategoryId).Name;
        Calendar = await availability.ComputeAsync(Month, Month.AddMonths(1).AddDays(-1), CategoryId, ct);
        if (CategoryId is not null)
        {
            var all = Calendar.Items;
            ItemPages = Math.Max(1, (all.Count + ItemsPerPage - 1) / ItemsPerPage);
            ItemPage = Math.Clamp(page ?? 1, 1, ItemPages);
            Items = [.. all.Skip((ItemPage - 1) * ItemsPerPage).Take(ItemsPerPage)];
        }

        return Page();
    }
}
