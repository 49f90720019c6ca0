using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.RendezVous;

/// <summary>The confirmation step of a status change (honoré, absent, annulé), then the change.</summary>
public sealed class StatutModel(AppDbContext db, ScopeAccessor scopes, AppointmentStatusService service, TimeProvider clock) : AgendaPageModel(db, scopes)
{
    public Appointment Appointment { get; private set; } = null!;
    public AppointmentStatus Target { get; private set; }
    public string? Refusal { get; private set; }

    public static AppointmentStatus? Parse(string value) => value switch
    {
        "honore" => AppointmentStatus.Honoured,
        "absent" => AppointmentStatus.NoShow,
        "annule" => AppointmentStatus.Cancelled,
        _ => null,
    };

    public async Task<IActionResult> OnGetAsync(long id, string valeur, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (Parse(valeur) is not { } target || await service.Readable(access).FirstOrDefaultAsync(a => a.Id == id, ct) is not { } appointment)
        {
            return NotFound();
        }

        Appointment = appointment;
        Target = target;
        Refusal = AppointmentStatusService.Refusal(appointment, target, clock.GetUtcNow());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, string valeur, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (Parse(valeur) is not { } target)
        {
            return NotFound();
        }

        var result = await service.ChangeAsync(access, id, target, ct);
        switch (result.Outcome)
        {
            case StatusChange.NotFound:
                return NotFound();
            case StatusChange.Refused:
                TempData["Message"] = result.Message;
                return Redirect($"/agenda/rendez-vous/{id}");
        }

        TempData["Message"] = target switch
        {
            AppointmentStatus.Honoured => "Rendez-vous marqué honoré. Vous pouvez maintenant le transformer en compte rendu.",
            AppointmentStatus.NoShow => "Rendez-vous marqué absent.",
            _ => result.MailFailed
                ? "Rendez-vous annulé, mais l'e-mail d'annulation n'a pas pu être envoyé : prévenez la personne par téléphone si possible."
                : "Rendez-vous annulé. La personne a été prévenue si elle a donné une adresse e-mail.",
        };
        return Redirect($"/agenda/rendez-vous/{id}");
    }
}
