using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Utilisateurs;

public sealed class IndexModel(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    public sealed record Row(string Id, string DisplayName, string Email, bool IsActive, bool TwoFactor, DateTimeOffset? LastLoginAt, List<string> Grants);

    public string? Q { get; set; }
    public Role? Role { get; set; }
    public string Statut { get; set; } = "actifs";
    public Paged<Row> Users { get; private set; } = null!;
    public int PendingInvitations { get; private set; }

    public async Task OnGetAsync(string? q, Role? role, string? statut, int? page)
    {
        Q = q?.Trim();
        Role = role;
        Statut = statut is "tous" or "desactives" ? statut : "actifs";
        var scope = await scopes.GetAsync();
        var query = scope.Users(db.Users.AsNoTracking());
        if (!string.IsNullOrEmpty(Q))
        {
            var like = $"%{Q.ToLowerInvariant()}%";
            query = query.Where(u => EF.Functions.Like(u.DisplayName.ToLower(), like) || EF.Functions.Like(u.Email!.ToLower(), like));
        }

        if (role is not null)
        {
            query = query.Where(u => u.Grants.Any(g => g.Role == role));
        }

        query = Statut switch
        {
            "actifs" => query.Where(u => u.IsActive),
            "desactives" => query.Where(u => !u.IsActive),
            _ => query,
        };

        var (p, size) = Paging.Normalize(page, Paging.DefaultPageSize);
        var total = await query.CountAsync();
        var rows = await query.OrderBy(u => u.DisplayName).ThenBy(u => u.Id).Skip((p - 1) * size).Take(size)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                u.Email,
                u.IsActive,
                u.TwoFactorEnabled,
                u.LastLoginAt,
                Grants = u.Grants.Select(g => new { g.Role, Place = g.Organization != null ? g.Organization.Name : g.Territory != null ? g.Territory.Name : null }).ToList(),
            })
            .ToListAsync();
        Users = new Paged<Row>(
            rows.Select(r => new Row(r.Id, r.DisplayName, r.Email!, r.IsActive, r.TwoFactorEnabled, r.LastLoginAt,
                r.Grants.Select(g => Roles.Label(g.Role) + (g.Place is null ? "" : " — " + g.Place)).ToList())).ToList(),
            p, size, total);
        PendingInvitations = await db.Invitations.CountAsync(i => i.AcceptedAt == null && i.RevokedAt == null && (scope.IsAdministrator || i.InvitedById == scope.UserId));
    }
}
