using System.ComponentModel.DataAnnotations;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Lieux.Signalements;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Gestion.Signalements;

public sealed class CloseReportInput
{
    /// <summary>traite or rejete.</summary>
    [Required(ErrorMessage = "Choisissez « Traité » ou « Rejeté ».")]
    public string? Outcome { get; set; }

    [StringLength(1000, ErrorMessage = "La note ne doit pas dépasser 1 000 caractères.")]
    public string? Resolution { get; set; }
}

/// <summary>Closes a report as « Traité » or « Rejeté » (this page is the confirmation step); who and when are kept, and audited.</summary>
public sealed class CloreModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public CloseReportInput Input { get; set; } = new();

    public ReportRow Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound)
        {
            return notFound;
        }

        return Report.Status == PlaceReportStatus.Nouveau ? Page() : AlreadyClosed();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } notFound)
        {
            return notFound;
        }

        if (Report.Status != PlaceReportStatus.Nouveau)
        {
            return AlreadyClosed();
        }

        Input.Resolution = string.IsNullOrWhiteSpace(Input.Resolution) ? null : Input.Resolution.Trim();
        ModelState.ClearValidationState(nameof(Input));
        if (TryValidateModel(Input, nameof(Input)) && Input.Outcome is not ("traite" or "rejete"))
        {
            ModelState.AddModelError("Input.Outcome", "Choisissez « Traité » ou « Rejeté ».");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var status = Input.Outcome == "traite" ? PlaceReportStatus.Traite : PlaceReportStatus.Rejete;
        var scope = await scopes.GetAsync(ct);
        var userId = scope.UserId;
        var name = userId is null ? null : await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        name ??= User.Identity?.Name ?? "?";
        var now = clock.GetUtcNow();

        // Only a report still waiting is closed: two coordinators closing it at once leave one decision, and one audit entry.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.PlaceReports.Where(r => r.Id == id && r.Status == PlaceReportStatus.Nouveau)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.HandledAt, now)
                .SetProperty(r => r.HandledById, userId)
                .SetProperty(r => r.HandledByName, name)
                .SetProperty(r => r.Resolution, Input.Resolution), ct);
        if (changed == 0)
        {
            return AlreadyClosed();
        }

        audit.Record(status == PlaceReportStatus.Traite ? AuditActions.PlaceReportHandled : AuditActions.PlaceReportRejected,
            "lieu", Report.PlaceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"signalement n° {id} ({PlaceReportTopics.Label(Report.Topic)}) sur « {Report.PlaceName} »");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        TempData["Message"] = $"Le signalement sur « {Report.PlaceName} » est classé : {(status == PlaceReportStatus.Traite ? "traité" : "rejeté")}.";
        return Redirect("/gestion/signalements");
    }

    private IActionResult AlreadyClosed()
    {
        TempData["Message"] = $"Ce signalement sur « {Report.PlaceName} » était déjà classé.";
        return Redirect("/gestion/signalements?statut=tous");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var query = await IndexModel.ScopedAsync(db, scopes, ct);
        var report = await query.Where(r => r.Id == id)
            .Select(r => new ReportRow(r.Id, r.PlaceId, r.Place!.Name, r.Place.CommuneName, r.Topic, r.Message, r.ContactEmail,
                r.CreatedAt, r.Status, r.HandledAt, r.HandledByName, r.Resolution))
            .FirstOrDefaultAsync(ct);
        if (report is null)
        {
            return NotFound();
        }

        Report = report;
        return null;
    }
}
