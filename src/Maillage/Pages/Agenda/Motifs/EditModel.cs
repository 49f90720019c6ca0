using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Audit;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Motifs;

/// <summary>Adds or changes a motif (Structure for its organization, coordination for those of its territory, administrators all).</summary>
public sealed class EditModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit) : AgendaPageModel(db, scopes)
{
    public sealed class MotifForm
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public int? DurationMinutes { get; set; } = 30;
        public int? NoticeHours { get; set; } = 2;
        public int? HorizonDays { get; set; } = 30;
        public ActivityTheme? Theme { get; set; }

        /// <summary>0 for every organization (administrators only).</summary>
        public int? OrganizationId { get; set; }
        public bool IsActive { get; set; } = true;
        public uint Version { get; set; }
    }

    [BindProperty]
    public MotifForm Form { get; set; } = new();

    public int? Id { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Organizations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.CanManageMotifs)
        {
            return Forbid();
        }

        if (id is { } existing)
        {
            var motif = await Db.AppointmentMotifs.AsNoTracking().FirstOrDefaultAsync(m => m.Id == existing, ct);
            if (motif is null || !access.CanChange(motif))
            {
                return NotFound();
            }

            Id = existing;
            Form = new MotifForm
            {
                Name = motif.Name,
                Description = motif.Description,
                DurationMinutes = motif.DurationMinutes,
                NoticeHours = motif.MinimumNoticeMinutes / 60,
                HorizonDays = motif.HorizonDays,
                Theme = motif.Theme == ActivityTheme.None ? null : motif.Theme,
                OrganizationId = motif.OrganizationId ?? 0,
                IsActive = motif.IsActive,
                Version = motif.Version,
            };
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.CanManageMotifs)
        {
            return Forbid();
        }

        AppointmentMotif? motif = null;
        if (id is { } existing)
        {
            motif = await Db.AppointmentMotifs.FirstOrDefaultAsync(m => m.Id == existing, ct);
            if (motif is null || !access.CanChange(motif))
            {
                return NotFound();
            }
        }

        Id = id;
        await LoadAsync(ct);
        ModelState.Clear();
        var name = (Form.Name ?? "").Trim();
        if (name.Length == 0)
        {
            ModelState.AddModelError("Form.Name", "Indiquez le nom du motif, tel que le public le lira.");
        }
        else if (name.Length > 120)
        {
            ModelState.AddModelError("Form.Name", "Le nom ne doit pas dépasser 120 caractères.");
        }

        var description = string.IsNullOrWhiteSpace(Form.Description) ? null : Form.Description.Trim();
        if (description is { Length: > 500 })
        {
            ModelState.AddModelError("Form.Description", "La description ne doit pas dépasser 500 caractères.");
        }

        if (Form.DurationMinutes is not (>= 5 and <= 480))
        {
            ModelState.AddModelError("Form.DurationMinutes", "La durée doit être comprise entre 5 minutes et 8 heures.");
        }

        if (Form.NoticeHours is not (>= 0 and <= 720))
        {
            ModelState.AddModelError("Form.NoticeHours", "Le délai minimum doit être compris entre 0 et 720 heures.");
        }

        if (Form.HorizonDays is not (>= 1 and <= 365))
        {
            ModelState.AddModelError("Form.HorizonDays", "L'horizon doit être compris entre 1 et 365 jours.");
        }

        if (Form.Theme is not { } theme || theme == ActivityTheme.None || ActivityLabels.All<ActivityTheme>().All(t => t.Value != theme))
        {
            ModelState.AddModelError("Form.Theme", "Choisissez la thématique du compte rendu.");
        }

        int? organizationId = Form.OrganizationId is 0 or null ? null : Form.OrganizationId;
        if (organizationId is null ? access.Managed is not null : Organizations.All(o => o.Id != organizationId))
        {
            ModelState.AddModelError("Form.OrganizationId", "Choisissez une structure que vous gérez.");
        }

        if (motif is not null && Form.Version != motif.Version)
        {
            ModelState.AddModelError("", "Ce motif a été modifié entre-temps : rechargez la page pour voir la dernière version.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        motif ??= new AppointmentMotif { Name = name };
        motif.Name = name;
        motif.Description = description;
        motif.DurationMinutes = Form.DurationMinutes!.Value;
        motif.MinimumNoticeMinutes = Form.NoticeHours!.Value * 60;
        motif.HorizonDays = Form.HorizonDays!.Value;
        motif.Theme = Form.Theme!.Value;
        motif.OrganizationId = organizationId;
        motif.IsActive = Form.IsActive;
        if (motif.Id == 0)
        {
            Db.AppointmentMotifs.Add(motif);
        }

        await using var transaction = await Db.Database.BeginTransactionAsync(ct);
        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Ce motif a été modifié entre-temps : rechargez la page pour voir la dernière version.");
            return Page();
        }

        audit.Record(AuditActions.MotifChanged, "motif", motif.Id.ToString(CultureInfo.InvariantCulture), $"{(id is null ? "Création" : "Modification")} : « {name} », {motif.DurationMinutes} min{(motif.IsActive ? "" : ", archivé")}");
        await Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        TempData["Message"] = $"Motif « {name} » enregistré.";
        return Redirect("/agenda/motifs");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var q = Db.Organizations.AsNoTracking();
        if (Access.Managed is { } ids)
        {
            q = q.Where(o => ids.Contains(o.Id));
        }

        Organizations = [.. (await q.OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).Take(500).ToListAsync(ct)).Select(o => (o.Id, o.Name))];
    }
}
