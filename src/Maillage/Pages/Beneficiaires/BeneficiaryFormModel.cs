using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maillage.Pages.Beneficiaires;

/// <summary>What the creation and the edit form share (_BeneficiaryFields): the input, the communes proposed, the errors.</summary>
public abstract class BeneficiaryFormModel : PageModel
{
    [BindProperty]
    public BeneficiaryInput Input { get; set; } = new();

    /// <summary>The datalist of the commune field: the communes of the organization's département (« Nom (code) », postal codes).</summary>
    public IReadOnlyList<(string Value, string PostalCodes)> CommuneOptions { get; protected set; } = [];

    public DateOnly Today { get; protected set; }

    /// <summary>The age band of the year typed, shown beside the field (and updated by beneficiaires.js while typing).</summary>
    public string? AgeBand => Input.BirthYear is { } year && year >= 1900 && year <= Today.Year ? BeneficiaryRules.AgeBandLabel(year, Today) : null;

    public static IReadOnlyList<(Gender Value, string Label)> Genders => ActivityLabels.All<Gender>();

    public static IReadOnlyList<(BeneficiaryStatus Value, string Label)> Statuses => ActivityLabels.All<BeneficiaryStatus>();

    /// <summary>Puts the service's errors (keyed by property) on the form's fields.</summary>
    protected void ShowErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        ModelState.Clear();
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError($"{nameof(Input)}.{field}", message);
            }
        }
    }

    /// <summary>Values the model binder could not read (a year that is not a number, an unknown list value), in French.</summary>
    protected Dictionary<string, string[]> BindingErrors()
    {
        var errors = new Dictionary<string, string[]>();
        if (ModelState[$"{nameof(Input)}.{nameof(Input.BirthYear)}"]?.Errors.Count > 0)
        {
            errors[nameof(Input.BirthYear)] = [$"L'année de naissance doit être un nombre de quatre chiffres, par exemple 1980."];
        }

        if (ModelState[$"{nameof(Input)}.{nameof(Input.Gender)}"]?.Errors.Count > 0)
        {
            errors[nameof(Input.Gender)] = ["Choisissez le genre dans la liste (ou « Non communiqué »)."];
        }

        if (ModelState[$"{nameof(Input)}.{nameof(Input.Status)}"]?.Errors.Count > 0)
        {
            errors[nameof(Input.Status)] = ["Choisissez la situation dans la liste (ou « Non communiqué »)."];
        }

        return errors;
    }

    /// <summary>The service's errors, with the binder's in place of the rules' for the same field.</summary>
    protected static IReadOnlyDictionary<string, string[]> Merge(IReadOnlyDictionary<string, string[]> rules, Dictionary<string, string[]> binding)
    {
        var all = new Dictionary<string, string[]>(rules);
        foreach (var (key, value) in binding)
        {
            all[key] = value;
        }

        return all;
    }

    public string? Error(string field) => ModelState[$"{nameof(Input)}.{field}"]?.Errors.FirstOrDefault()?.ErrorMessage;
}
