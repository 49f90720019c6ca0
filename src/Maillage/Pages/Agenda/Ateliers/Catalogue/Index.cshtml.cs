using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Ateliers.Catalogue;

/// <summary>The workshop catalogue: the shared entries and those of the user's organizations, active first.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes) : StaffPage(db, scopes)
{
    [BindProperty(SupportsGet = true, Name = "archives")]
    public bool Archived { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public Paged<WorkshopType> Types { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await AccessAsync(ct);
        var query = Access.Catalogue(Db).AsNoTracking().Where(t => t.IsActive != Archived);
        var (page, size) = Paging.Normalize(PageNumber, Paging.DefaultPageSize);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(t => t.Title).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        Types = new Paged<WorkshopType>(items, page, size, total);
    }
}
