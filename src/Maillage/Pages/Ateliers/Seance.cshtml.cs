using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Ateliers;

/// <summary>What the public registration form posts; <see cref="Website"/> is the honeypot, left empty by people.</summary>
public sealed class RegistrationForm
{
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
}

/// <summary>A session's details and its registration form (no account): confirmed, or on the waiting list when full.</summary>
[AllowAnonymous]
[EnableRateLimiting(AgendaWorkshopsSetup.PublicPolicy)]
public sealed class SeanceModel(AppDbContext db, RegistrationService registrations, WorkshopMails mails, TimeProvider clock, IConfiguration config, ILogger<SeanceModel> logger) : PageModel
{
    [BindProperty]
    public RegistrationForm Input { get; set; } = new();

    public WorkshopSession Session { get; private set; } = null!;

    public IReadOnlyList<string> Advisors { get; private set; } = [];

    public bool IsOpen { get; private set; }

    public int SeatsLeft => Math.Max(0, Session.Capacity - Session.ConfirmedCount);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!string.IsNullOrEmpty(Input.Website))
        {
            // A robot filled the hidden field: nothing is stored, it sees the agenda again.
            logger.LogInformation("Workshop registration dropped by the honeypot for session {SessionId}", id);
            return Redirect("/ateliers");
        }

        ModelState.Clear();
        var outcome = await registrations.RegisterAsync(id, new ContactInput(Input.Name, Input.Phone, Input.Email), User.Identity?.IsAuthenticated == true ? User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value : null, ct);
        if (!outcome.Succeeded)
        {
            foreach (var (key, messages) in outcome.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(key == "SessionId" ? "" : $"Input.{key}", message);
                }
            }

            await LoadAsync(id, ct);
            return Page();
        }

        var sent = await mails.SendRegisteredAsync(outcome.Registration!, Session, outcome.ManagementToken!, Request.PublicBaseUrl(config), outcome.WaitingPosition, ct);
        var mail = outcome.Registration!.ContactEmail is null ? "aucun" : sent ? "envoye" : "echec";
        return Redirect($"/ateliers/inscription/{Uri.EscapeDataString(outcome.ManagementToken!)}?nouvelle=true&mail={mail}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var session = await db.WorkshopSessions.AsNoTracking().Include(s => s.WorkshopType).Include(s => s.Place).Include(s => s.Advisors)
            .FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null || session.Place is null || session.Place.MergedIntoId is not null)
        {
            return false;
        }

        Session = session;
        var advisorIds = session.Advisors.Select(a => a.AdvisorId).ToList();
        Advisors = await db.AdvisorProfiles.AsNoTracking().Where(p => advisorIds.Contains(p.UserId) && p.IsActive).Select(p => p.PublicName).ToListAsync(ct);
        IsOpen = await registrations.Open(clock.GetUtcNow()).AnyAsync(s => s.Id == id, ct);
        return true;
    }
}
