using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Ateliers;
using Maillage.Features.Audit;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda.Ateliers.Catalogue;

public sealed class WorkshopTypeInput
{
    public string? Title { get; set; }
    public List<ActivityTheme> Themes { get; set; } = [];
    public WorkshopLevel? Level { get; set; }
    public int? DurationMinutes { get; set; }
    public string? Audience { get; set; }
    public string? Description { get; set; }
    public int? DefaultCapacity { get; set; }

    /// <summary>« Portée »: 0 for the whole network (administrators and coordinators), else an organization.</summary>
    public int? OrganizationId { get; set; }
    public bool IsActive { get; set; } = true;
}

/// <summary>Adds or changes a catalogue entry; « archiver » takes it out of the session form without touching past sessions.</summary>
public sealed class EditionModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit) : StaffPage(db, scopes)
{
    [BindProperty]
    public WorkshopTypeInput Input { get; set; } = new();

    public int? TypeId { get; private set; }

    public List<(int? Id, string Name)> Scopes { get; private set; } = [];

    public static IReadOnlyList<(ActivityTheme Value, string Label)> Themes => [.. ActivityLabels.All<ActivityTheme>().Where(t => t.Value != 0)];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        await AccessAsync(ct);
        if (!TryId(id, out var typeId))
        {
            return NotFound();
        }

        if (typeId is { } existing)
        {
            var type = await Access.Catalogue(Db).AsNoTracking().FirstOrDefaultAsync(t => t.Id == existing, ct);
            if (type is null || !Access.CanEdit(type))
            {
                return NotFound();
            }

            TypeId = existing;
            Input = new WorkshopTypeInput
            {
                Title = type.Title,
                Themes = [.. Themes.Select(t => t.Value).Where(t => type.Themes.HasFlag(t))],
                Level = type.Level,
                DurationMinutes = type.DurationMinutes,
                Audience = type.Audience,
                Description = type.Description,
                DefaultCapacity = type.DefaultCapacity,
                OrganizationId = type.OrganizationId ?? 0,
                IsActive = type.IsActive,
            };
        }
        else
        {
            Input.Level = WorkshopLevel.Beginner;
            Input.DurationMinutes = 120;
            Input.DefaultCapacity = 8;
        }

        await LoadScopesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        await AccessAsync(ct);
        if (!TryId(id, out var typeId))
        {
            return NotFound();
        }

        await LoadScopesAsync(ct);
        WorkshopType? type = null;
        if (typeId is { } existing)
        {
            type = await Access.Catalogue(Db).FirstOrDefaultAsync(t => t.Id == existing, ct);
            if (type is null || !Access.CanEdit(type))
            {
                return NotFound();
            }

            TypeId = existing;
        }

        void Add(string key, string message) => ModelState.AddModelError($"Input.{key}", message);
        ModelState.Clear();
        var title = Input.Title?.Trim() ?? "";
        if (title.Length is 0 or > 150)
        {
            Add(nameof(Input.Title), "Indiquez le titre de l'atelier (150 caractères au plus).");
        }

        if (Input.Themes.Count == 0 || Input.Themes.Any(t => !Enum.IsDefined(t)))
        {
            Add(nameof(Input.Themes), "Choisissez au moins un thème.");
        }

        if (Input.Level is not { } level || !Enum.IsDefined(level))
        {
            Add(nameof(Input.Level), "Choisissez le niveau.");
        }

        if (Input.DurationMinutes is not (>= 15 and <= ActivityLabels.MaxDurationMinutes))
        {
            Add(nameof(Input.DurationMinutes), "La durée doit être comprise entre 15 minutes et 8 heures.");
        }

        if (Input.DefaultCapacity is not (>= 1 and <= SessionEditor.MaxCapacity))
        {
            Add(nameof(Input.DefaultCapacity), $"Le nombre de places doit être compris entre 1 et {SessionEditor.MaxCapacity}.");
        }

        var description = Input.Description?.Trim() ?? "";
        if (description.Length is 0 or > 2000)
        {
            Add(nameof(Input.Description), "Décrivez l'atelier en quelques phrases simples (2 000 caractères au plus).");
        }

        if (Input.Audience is { Length: > 100 })
        {
            Add(nameof(Input.Audience), "Le public ne doit pas dépasser 100 caractères.");
        }

        int? organizationId = Input.OrganizationId is null or 0 ? null : Input.OrganizationId;
        if (!Scopes.Any(s => s.Id == organizationId) && (type is null || type.OrganizationId != organizationId))
        {
            Add(nameof(Input.OrganizationId), "Choisissez la portée de l'atelier parmi celles proposées.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        type ??= Db.WorkshopTypes.Add(new WorkshopType { Title = title, Description = description }).Entity;
        type.Title = title;
        type.Description = description;
        type.Themes = Input.Themes.Aggregate((ActivityTheme)0, (all, t) => all | t);
        type.Level = Input.Level!.Value;
        type.DurationMinutes = Input.DurationMinutes!.Value;
        type.DefaultCapacity = Input.DefaultCapacity!.Value;
        type.Audience = string.IsNullOrWhiteSpace(Input.Audience) ? null : Input.Audience.Trim();
        type.OrganizationId = organizationId;
        type.IsActive = Input.IsActive;
        await Db.SaveChangesAsync(ct);
        audit.Record(AuditActions.WorkshopTypeChanged, "atelier", type.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{type.Title}{(type.IsActive ? "" : " (archivé)")}");
        await Db.SaveChangesAsync(ct);
        TempData["Message"] = typeId is null ? "Atelier ajouté au catalogue." : type.IsActive ? "Atelier modifié." : "Atelier archivé : il n'est plus proposé pour de nouvelles séances.";
        return Redirect("/agenda/ateliers/catalogue");
    }

    /// <summary>« nouveau » (null) or the id of an entry.</summary>
    private static bool TryId(string id, out int? typeId)
    {
        typeId = int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
        return typeId is not null || id == "nouveau";
    }

    private async Task LoadScopesAsync(CancellationToken ct)
    {
        var shared = Access.ManagedOrganizationIds is null || Access.Scope.Has(Maillage.Features.Comptes.Role.Coordinateur);
        var ids = Access.ManagedOrganizationIds is null ? [] : Access.RecordingOrganizationIds.Union(Access.ManagedOrganizationIds).ToList();
        var orgs = await Db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        Scopes = [.. (shared ? new List<(int?, string)> { (null, "Tout le réseau") } : []), .. orgs.Select(o => ((int?)o.Id, o.Name))];
    }
}
