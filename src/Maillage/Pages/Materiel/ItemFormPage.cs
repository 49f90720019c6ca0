using Maillage.Data;
using Maillage.Features.Materiel;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Materiel;

/// <summary>The item form, as posted: the input plus the version read (optimistic concurrency).</summary>
public sealed class ItemForm : ItemInput
{
    public uint Version { get; set; }

    public ItemInput ToInput() => this;
}

/// <summary>Shared by « Ajouter un objet » and « Modifier » : the lists of the form and errors put on their fields.</summary>
public abstract class ItemFormPage(AppDbContext db, ScopeAccessor scopes, FleetService fleet) : PageModel
{
    /// <summary>A long list of places is unusable in a select: the places the user manages, by name, up to this many.</summary>
    public const int MaxPlaces = 500;

    protected AppDbContext Db => db;
    protected FleetService Fleet => fleet;

    [BindProperty]
    public ItemForm Form { get; set; } = new();

    public FleetAccess Access { get; private set; } = null!;
    public List<ItemCategory> Categories { get; private set; } = [];
    public List<(int Id, string Name)> Owners { get; private set; } = [];
    public List<(int Id, string Name)> Places { get; private set; } = [];
    public abstract bool IsNew { get; }

    protected async Task<FleetAccess> AccessAsync(CancellationToken ct) => Access = await FleetAccess.ForAsync(db, await scopes.GetAsync(ct), ct);

    protected async Task LoadListsAsync(CancellationToken ct)
    {
        Categories = await db.ItemCategories.AsNoTracking().Where(c => c.IsActive || c.Id == Form.CategoryId).OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct);
        Owners = await fleet.OwnersAsync(Access, ct);
        var places = Access.Scope.IsAdministrator ? db.Places.AsNoTracking() : Access.Scope.ManagedPlaces(db.Places.AsNoTracking());
        Places = [.. (await places.OrderBy(p => p.Name).Take(MaxPlaces).Select(p => new { p.Id, p.Name, p.CommuneName }).ToListAsync(ct)).Select(p => (p.Id, $"{p.Name} ({p.CommuneName})"))];
        if (Form.HomePlaceId is { } current && Places.All(p => p.Id != current))
        {
            var name = await db.Places.Where(p => p.Id == current).Select(p => p.Name).FirstOrDefaultAsync(ct);
            if (name is not null)
            {
                Places.Insert(0, (current, name));
            }
        }
    }

    /// <summary>Binding errors (a date that is not one) in French, so they read like the rules' messages.</summary>
    protected Dictionary<string, string[]> BindingErrors()
    {
        var errors = new Dictionary<string, string[]>();
        if (ModelState["Form.PurchasedOn"] is { Errors.Count: > 0 })
        {
            errors[nameof(ItemInput.PurchasedOn)] = ["La date d'achat n'est pas une date : écrivez-la jj/mm/aaaa."];
        }

        if (ModelState["Form.Condition"] is { Errors.Count: > 0 })
        {
            errors[nameof(ItemInput.Condition)] = ["Choisissez l'état dans la liste."];
        }

        foreach (var key in new[] { "Form.CategoryId", "Form.OrganizationId", "Form.HomePlaceId" })
        {
            if (ModelState[key] is { Errors.Count: > 0 })
            {
                errors[key["Form.".Length..]] = ["Choisissez une valeur dans la liste."];
            }
        }

        return errors;
    }

    protected void ShowErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        ModelState.Clear();
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field.Length == 0 ? "" : "Form." + field, message);
            }
        }
    }
}
