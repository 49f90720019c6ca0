namespace Maillage.Pages.Gestion.Lieux;

/// <summary>One text field of the place form (_Field partial): label, hint, the control, its errors.</summary>
public sealed record FieldView(string Name, string Label, string? Value, string? Hint = null, string Type = "text", int? MaxLength = null,
    string? Autocomplete = "off", string? InputMode = null, int Rows = 0);

/// <summary>A checkbox group of a multi-valued field (_Choices partial): a fieldset with its legend.</summary>
public sealed record ChoicesView(string Name, string Legend, string? Hint, IReadOnlyList<(string Code, string Label)> Terms, IReadOnlyCollection<string> Selected)
{
    /// <summary>The terms, then any stored value that is not one of them (legacy data is shown, not silently dropped).</summary>
    public IReadOnlyList<(string Code, string Label)> All =>
        [.. Terms, .. Selected.Where(s => Terms.All(t => t.Code != s)).Select(s => (s, s + " (valeur hors nomenclature)"))];
}
