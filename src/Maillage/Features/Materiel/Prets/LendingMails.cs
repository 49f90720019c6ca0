using System.Globalization;
using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Shared.Email;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

/// <summary>
/// The e-mails of lending: a new request to the lender's managers, the decision and waiting-list news to the borrower, the
/// overdue reminder and the coordinators' daily digest. A failed delivery never undoes what was saved: the methods answer false.
/// </summary>
public sealed class LendingMails(AppDbContext db, IMailer mailer, Agenda.ManagementLinks links, ILogger<LendingMails> logger)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private string Link(int id, string? baseUrl) => $"{baseUrl ?? links.BaseUrl() ?? ""}/materiel/reservations/{id}";

    /// <summary>Who decides for a lender: the coordinators of its territory, its own structure accounts, else the administrators.</summary>
    public async Task<List<string>> ManagerEmailsAsync(int lenderOrganizationId, CancellationToken ct = default)
    {
        var path = await db.Organizations.Where(o => o.Id == lenderOrganizationId).Select(o => o.Territory!.Path).FirstOrDefaultAsync(ct) ?? "";
        var grants = await db.Grants.AsNoTracking()
            .Where(g => g.User!.IsActive && ((g.Role == Role.Coordinateur && g.TerritoryId != null) || (g.Role == Role.Structure && g.OrganizationId == lenderOrganizationId)))
            .Select(g => new { g.Role, Path = g.Territory!.Path, g.User!.Email }).ToListAsync(ct);
        var emails = grants.Where(g => g.Role == Role.Structure || path.StartsWith(g.Path, StringComparison.Ordinal)).Select(g => g.Email).OfType<string>().Distinct().ToList();
        if (emails.Count == 0)
        {
            emails = await db.Grants.Where(g => g.Role == Role.Administrateur && g.User!.IsActive).Select(g => g.User!.Email).OfType<string>().Distinct().ToListAsync(ct);
        }

        return emails;
    }

    public async Task<bool> RequestedAsync(Reservation r, string? baseUrl, CancellationToken ct = default)
    {
        var what = await WhatAsync(r, ct);
        var borrower = await db.Organizations.Where(o => o.Id == r.BorrowerOrganizationId).Select(o => o.Name).FirstAsync(ct);
        var body = $"""
            Bonjour,

            {borrower} demande {what} {FleetText.Period(r.StartDate, r.EndDate)}.
            Pour : {r.Purpose}
            Où : {r.Location}

            Validez ou refusez la demande : {Link(r.Id, baseUrl)}
            """;
        var ok = true;
        foreach (var email in await ManagerEmailsAsync(r.LenderOrganizationId, ct))
        {
            ok &= await SendAsync(email, $"Demande de prêt n° {r.Id} : {what}", body, ct);
        }

        return ok;
    }

    public async Task<bool> DecidedAsync(Reservation r, string? baseUrl, CancellationToken ct = default)
    {
        if (r.ContactEmail is null)
        {
            return true;
        }

        var what = await WhatAsync(r, ct);
        var body = r.Status == ReservationStatus.Approved
            ? $"""
                Bonjour,

                Votre demande n° {r.Id} est validée : {what} {FleetText.Period(r.StartDate, r.EndDate)}.
                {(r.DecisionNote is null ? "" : $"Message de la coordination : {r.DecisionNote}\n")}
                Le jour du retrait, la personne qui emporte le matériel accepte la convention de prêt sur place.
                Le détail : {Link(r.Id, baseUrl)}
                """
            : $"""
                Bonjour,

                Votre demande n° {r.Id} ({what}, {FleetText.Period(r.StartDate, r.EndDate)}) n'a pas pu être acceptée.
                Raison : {r.DecisionNote}

                Le détail : {Link(r.Id, baseUrl)}
                """;
        return await SendAsync(r.ContactEmail, r.Status == ReservationStatus.Approved ? $"Prêt validé : {what}" : $"Prêt refusé : {what}", body, ct);
    }

    public async Task<bool> PromotedAsync(Reservation r, CancellationToken ct = default)
    {
        if (r.ContactEmail is null)
        {
            return true;
        }

        var what = await WhatAsync(r, ct);
        var body = $"""
            Bonjour,

            Bonne nouvelle : {what} s'est libéré {FleetText.Period(r.StartDate, r.EndDate)}.
            Votre demande n° {r.Id} quitte la liste d'attente et attend maintenant la validation de la coordination.

            Le détail : {Link(r.Id, null)}
            """;
        return await SendAsync(r.ContactEmail, $"Liste d'attente : {what} disponible", body, ct);
    }

    public async Task<bool> OverdueAsync(Reservation r, CancellationToken ct = default)
    {
        if (r.ContactEmail is null)
        {
            return true;
        }

        var what = await WhatAsync(r, ct);
        var body = $"""
            Bonjour,

            Le retour de {what} était prévu le {r.EndDate.ToString("dddd d MMMM yyyy", French)}.
            Merci de le rapporter au plus vite : d'autres structures l'attendent.
            Si vous avez besoin de le garder, répondez à la coordination.

            Le détail du prêt n° {r.Id} : {Link(r.Id, null)}
            """;
        return await SendAsync(r.ContactEmail, $"Retour en retard : {what}", body, ct);
    }

    public async Task<bool> DigestAsync(int lenderOrganizationId, IReadOnlyList<Reservation> overdue, DateOnly today, CancellationToken ct = default)
    {
        var lines = new List<string>();
        foreach (var r in overdue)
        {
            var late = today.DayNumber - r.EndDate.DayNumber;
            lines.Add($"- n° {r.Id} : {await WhatAsync(r, ct)} chez {r.Borrower?.Name}, retour prévu le {r.EndDate.ToString("d MMMM", French)} ({late} jour{(late > 1 ? "s" : "")} de retard) — {Link(r.Id, null)}");
        }

        var body = $"""
            Bonjour,

            {overdue.Count} prêt{(overdue.Count > 1 ? "s sont" : " est")} en retard au {today.ToString("d MMMM yyyy", French)} :

            {string.Join("\n", lines)}

            Les structures concernées ont reçu un rappel.
            """;
        var ok = true;
        foreach (var email in await ManagerEmailsAsync(lenderOrganizationId, ct))
        {
            ok &= await SendAsync(email, $"Matériel : {overdue.Count} prêt{(overdue.Count > 1 ? "s" : "")} en retard", body, ct);
        }

        return ok;
    }

    private async Task<string> WhatAsync(Reservation r, CancellationToken ct)
    {
        if (r.KitId is { } kitId)
        {
            return $"la valise « {r.Kit?.Name ?? await db.Kits.Where(k => k.Id == kitId).Select(k => k.Name).FirstAsync(ct)} »";
        }

        var item = await db.ReservationLines.Where(l => l.ReservationId == r.Id).Select(l => new { l.Item!.AssetTag, l.Item.Model }).FirstOrDefaultAsync(ct);
        return item is null ? "le matériel" : $"{item.Model} ({item.AssetTag})";
    }

    private async Task<bool> SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        try
        {
            await mailer.SendAsync(new OutgoingMail(to, subject, body), ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Lending e-mail « {Subject} » could not be sent", subject);
            return false;
        }
    }
}
