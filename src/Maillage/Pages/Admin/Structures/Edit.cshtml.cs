using System.Globalization;
using System.Text.RegularExpressions;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Structures;
using Maillage.Features.Territoires;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Structures;

public sealed record QuarterOption(int Id, string Name, bool IsPriorityArea);

/// <summary>Creates (New.cshtml, /admin/structures/nouvelle) or edits (Edit.cshtml, /admin/structures/{id}/modifier) a structure.
/// Both views render _OrganizationForm with this model.</summary>
public sealed partial class EditModel(AppDbContext db, ScopeAccessor scopes, AuditLog audit, TimeProvider clock) : PageModel
{
    public const string ConcurrencyMessage = "Cette structure a été modifiée entre-temps par quelqu'un d'autre : ses valeurs actuelles sont affichées ci-dessous. Vérifiez-les, puis enregistrez à nouveau vos changements.";
    private const string CommuneKey = "Input." + nameof(OrganizationInput.CommuneCode);

    [BindProperty]
    public OrganizationInput Input { get; set; } = new();

    /// <summary>The commune picked among several candidates (radio buttons), an INSEE code.</summary>
    [BindProperty]
    public string? CommuneChoice { get; set; }

    public int? Id { get; private set; }
    public string? CurrentName { get; private set; }
    public CommuneOption? Commune { get; private set; }
    public IReadOnlyList<CommuneOption> Candidates { get; private set; } = [];
    public List<CommuneOption>? Datalist { get; private set; }
    public List<QuarterOption> QuarterOptions { get; private set; } = [];
    public string? Info { get; private set; }

    public bool IsNew => Id is null;

    /// <summary>What the commune field shows: the resolved commune, else what the user typed.</summary>
    public string? CommuneText => Commune?.Display ?? Input.CommuneCode;

    public static IEnumerable<SelectListItem> KindOptions =>
        Enum.GetValues<OrganizationKind>().Select(k => new SelectListItem(Organization.KindLabel(k), k.ToString()));

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        var (denied, org) = await AuthorizeAsync(id, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (org is not null)
        {
            Input = ToInput(org);
        }

        await PrepareFormAsync(ct);
        return Page();
    }

    /// <summary>"Afficher les quartiers": resolves the commune and shows its quartiers, without saving.</summary>
    public async Task<IActionResult> OnPostCommuneAsync(int? id, CancellationToken ct)
    {
        var (denied, _) = await AuthorizeAsync(id, ct);
        if (denied is not null)
        {
            return denied;
        }

        ModelState.Clear();
        var resolved = await ResolveCommuneAsync(ct);
        if (resolved && Commune is not null)
        {
            Info = $"Commune retenue : {Commune.Display}. Choisissez un quartier si besoin, puis enregistrez.";
        }

        await PrepareFormAsync(ct);
        if (Commune is not null && Input.QuarterId is not null && QuarterOptions.All(q => q.Id != Input.QuarterId))
        {
            Input.QuarterId = null;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        var (denied, org) = await AuthorizeAsync(id, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (org is not null && Input.Version != org.Version)
        {
            return await ShowConflictAsync(org.Id, ct);
        }

        var resolved = await ResolveCommuneAsync(ct);
        var communeErrors = ModelState[CommuneKey]?.Errors.Select(e => e.ErrorMessage).ToList() ?? [];
        ModelState.ClearValidationState(nameof(Input));
        TryValidateModel(Input, nameof(Input));
        if (!resolved)
        {
            // The field held a name that matched no single commune: say so, rather than "the INSEE code must have 5 characters".
            ModelState.Remove(CommuneKey);
            foreach (var error in communeErrors)
            {
                ModelState.AddModelError(CommuneKey, error);
            }
        }

        var scope = await scopes.GetAsync(ct);
        var (errors, commune, territory) = await OrganizationRules.CheckAsync(db, Input, scope, org?.Id, ct);
        foreach (var (field, messages) in errors)
        {
            var key = $"{nameof(Input)}.{field}";
            if (ModelState[key]?.Errors.Count > 0)
            {
                continue;
            }

            foreach (var message in messages)
            {
                ModelState.AddModelError(key, message);
            }
        }

        if (!ModelState.IsValid || commune is null || territory is null)
        {
            await PrepareFormAsync(ct);
            return Page();
        }

        if (org is null)
        {
            org = new Organization { Name = Input.Name!, CreatedAt = clock.GetUtcNow() };
            OrganizationRules.Apply(org, Input, commune, territory);
            db.Organizations.Add(org);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            audit.Record(AuditActions.OrganizationCreated, "structure", org.Id.ToString(CultureInfo.InvariantCulture), org.Name);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            TempData["Message"] = $"La structure « {org.Name} » a été créée.";
        }
        else
        {
            OrganizationRules.Apply(org, Input, commune, territory);
            db.Entry(org).Property(o => o.Version).OriginalValue = Input.Version!.Value;
            audit.Record(AuditActions.OrganizationUpdated, "structure", org.Id.ToString(CultureInfo.InvariantCulture), org.Name);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return await ShowConflictAsync(org.Id, ct);
            }

            TempData["Message"] = $"La structure « {org.Name} » a été enregistrée.";
        }

        return Redirect($"/admin/structures/{org.Id}");
    }

    /// <summary>Returns NotFound for a structure outside the user's scope (its existence is not revealed), Forbid for one
    /// they see but do not manage; otherwise the tracked structure (null when creating).</summary>
    private async Task<(IActionResult? Denied, Organization? Organization)> AuthorizeAsync(int? id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (id is null)
        {
            return scope.CanManageUsers ? (null, null) : (Forbid(), null);
        }

        var org = await scope.Organizations(db.Organizations).Include(o => o.Territory).Include(o => o.Commune)
            .FirstOrDefaultAsync(o => o.Id == id, ct);
        if (org is null)
        {
            return (NotFound(), null);
        }

        if (!scope.ManagesTerritoryPath(org.Territory!.Path))
        {
            return (Forbid(), null);
        }

        Id = org.Id;
        CurrentName = org.Name;
        return (null, org);
    }

    /// <summary>Reads the commune field (or the radio choice) into Input.CommuneCode. False, with an error on the field,
    /// when the text matched no single commune the user manages.</summary>
    private async Task<bool> ResolveCommuneAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var text = string.IsNullOrWhiteSpace(CommuneChoice) ? Input.CommuneCode : CommuneChoice;
        if (string.IsNullOrWhiteSpace(text))
        {
            Input.CommuneCode = null;
            ModelState.AddModelError(CommuneKey, "Indiquez la commune : son nom, son code postal ou son code INSEE.");
            return false;
        }

        var lookup = await CommunePicker.ResolveAsync(db, scope, text, ct);
        if (lookup.Match is { } match)
        {
            Commune = match;
            Input.CommuneCode = match.Code;
            return true;
        }

        Input.CommuneCode = text.Trim();
        if (lookup.Candidates.Count > 0)
        {
            Candidates = lookup.Candidates;
            ModelState.AddModelError(CommuneKey, $"Plusieurs communes correspondent à « {Input.CommuneCode} » : choisissez-la dans la liste sous le champ.");
            return false;
        }

        if (TrailingInseeCode().Match(Input.CommuneCode) is { Success: true } code)
        {
            var insee = code.Groups[1].Value.ToUpperInvariant();
            if (await db.Territories.AnyAsync(t => t.Kind == TerritoryKind.Commune && t.Code == insee, ct))
            {
                // A commune of this instance outside the user's scope: OrganizationRules says so on the field.
                Input.CommuneCode = insee;
                return true;
            }
        }

        ModelState.AddModelError(CommuneKey, $"Aucune commune de votre périmètre ne correspond à « {Input.CommuneCode} ». Vérifiez l'orthographe ou saisissez le code postal.");
        return false;
    }

    /// <summary>Loads what the form shows besides the input: the datalist, the resolved commune and its quartiers.</summary>
    private async Task PrepareFormAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        Datalist = await CommunePicker.DatalistAsync(db, scope, ct);
        if (Commune is null && Candidates.Count == 0 && !string.IsNullOrWhiteSpace(Input.CommuneCode))
        {
            Commune = await CommunePicker.FindByCodeAsync(db, scope, Input.CommuneCode.Trim().ToUpperInvariant(), ct);
        }

        if (Commune is not null)
        {
            var communeId = Commune.Id;
            QuarterOptions = await db.Territories.AsNoTracking()
                .Where(t => t.ParentId == communeId && t.Kind == TerritoryKind.Quartier)
                .OrderBy(t => t.Name)
                .Select(t => new QuarterOption(t.Id, t.Name, t.IsPriorityArea))
                .ToListAsync(ct);
        }
    }

    private async Task<IActionResult> ShowConflictAsync(int id, CancellationToken ct)
    {
        var current = await db.Organizations.AsNoTracking().Include(o => o.Territory).Include(o => o.Commune).FirstAsync(o => o.Id == id, ct);
        ModelState.Clear();
        Input = ToInput(current);
        CommuneChoice = null;
        Commune = null;
        Candidates = [];
        ModelState.AddModelError("", ConcurrencyMessage);
        await PrepareFormAsync(ct);
        return Page();
    }

    private static OrganizationInput ToInput(Organization org) => new()
    {
        Name = org.Name,
        Kind = org.Kind,
        Siret = org.Siret,
        Rna = org.Rna,
        Address = org.Address,
        PostalCode = org.PostalCode,
        CommuneCode = org.Commune?.Code,
        QuarterId = org.Territory?.Kind == TerritoryKind.Quartier ? org.TerritoryId : null,
        Version = org.Version,
    };

    [GeneratedRegex(@"(?:^|\()([0-9][0-9AB][0-9]{3})\)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingInseeCode();
}
