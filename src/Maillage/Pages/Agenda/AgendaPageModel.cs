using Maillage.Data;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Agenda;

/// <summary>Shared by the agenda pages: the caller's access, loaded once, and errors put on the form's fields.</summary>
public abstract class AgendaPageModel(AppDbContext db, ScopeAccessor scopes) : PageModel
{
    protected AppDbContext Db => db;

    public AgendaAccess Access { get; private set; } = null!;

    protected async Task<AgendaAccess> AccessAsync(CancellationToken ct) => Access = await AgendaAccess.ForAsync(db, scopes, ct);

    protected void AddErrors(IReadOnlyDictionary<string, string[]> errors, string prefix = "Form.")
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(prefix + field, message);
            }
        }
    }
}
