using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Pages.Agenda;

/// <summary>The printable day sheet: the day's permanences, appointments with the person's contact and message, sessions.</summary>
public sealed class JourModel(AppDbContext db, ScopeAccessor scopes, PermanenceService permanences, TimeProvider clock) : AgendaPageModel(db, scopes)
{
    public DateOnly Date { get; private set; }
    public AgendaDay Day { get; private set; } = null!;
    public string AdvisorName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(DateOnly? date, string? conseiller, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.CanUseAgenda)
        {
            return Forbid();
        }

        string? advisorId;
        if (conseiller is { Length: > 0 } && conseiller != access.UserId)
        {
            var advisors = access.IsManager ? await permanences.AdvisorsAsync(access, ct) : [];
            if (advisors.All(a => a.UserId != conseiller))
            {
                return NotFound();
            }

            advisorId = conseiller;
            AdvisorName = advisors.First(a => a.UserId == conseiller).Name;
        }
        else if (access.IsAdvisor)
        {
            advisorId = access.UserId!;
            AdvisorName = Db.Users.Where(u => u.Id == advisorId).Select(u => u.DisplayName).First();
        }
        else
        {
            return Redirect("/agenda");
        }

        Date = date ?? AgendaText.ParisDate(clock.GetUtcNow());
        Day = (await AgendaView.LoadAsync(Db, advisorId!, Date, 1, ct))[0];
        return Page();
    }
}
