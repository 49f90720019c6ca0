using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Beneficiaires.Doublons;

/// <summary>One probable pair, with the two names to recognise it.</summary>
public sealed record DuplicateRow(BeneficiaryMatch Match, string First, string Second);

/// <summary>/beneficiaires/doublons: probable duplicates among the files of the user's organizations, best first.</summary>
public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes, BeneficiaryService service) : PageModel
{
    [FromQuery(Name = "page")]
    public int? PageNumber { get; set; }

    public Paged<DuplicateRow> Pairs { get; private set; } = new([], 1, Paging.DefaultPageSize, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        if (!access.CanOpenBeneficiaries)
        {
            return NotFound();
        }

        var all = await service.DuplicatesAsync(access, ct);
        var (page, size) = Paging.Normalize(PageNumber, null);
        var shown = all.Skip((page - 1) * size).Take(size).ToList();
        var ids = shown.SelectMany(m => new[] { m.FirstId, m.SecondId }).Distinct().ToList();
        var names = await db.Beneficiaries.AsNoTracking().Where(b => ids.Contains(b.Id))
            .Select(b => new { b.Id, b.FirstName, b.LastName, b.BirthYear }).ToDictionaryAsync(b => b.Id, ct);
        string Name(long id) => names.TryGetValue(id, out var n) ? $"{n.LastName} {n.FirstName}{(n.BirthYear is null ? "" : $" ({n.BirthYear})")}" : $"n° {id}";
        Pairs = new Paged<DuplicateRow>([.. shown.Select(m => new DuplicateRow(m, Name(m.FirstId), Name(m.SecondId)))], page, size, all.Count);
        return Page();
    }
}
