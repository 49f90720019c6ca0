using Maillage.Data;
using Maillage.Features.Comptes;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Compte;

public sealed class IndexModel(UserManager<AppUser> users, AppDbContext db) : PageModel
{
    public AppUser Me { get; private set; } = null!;
    public List<GrantDto> Grants { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var me = await users.GetUserAsync(User);
        if (me is null)
        {
            return Challenge();
        }

        Me = me;
        Grants = await db.Grants.AsNoTracking().Where(g => g.UserId == me.Id)
            .Select(g => new GrantDto(g.Role, g.TerritoryId, g.Territory != null ? g.Territory.Name : null, g.OrganizationId, g.Organization != null ? g.Organization.Name : null))
            .ToListAsync();
        return Page();
    }
}
