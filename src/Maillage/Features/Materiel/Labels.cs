namespace Maillage.Features.Materiel;

/// <summary>
/// An A4 sheet of self-adhesive labels: columns, rows and sizes in millimetres, as printed on the sheet's packet. The class
/// names the print stylesheet's layout (materiel.css), so nothing is positioned by inline style.
/// </summary>
public sealed record LabelLayout(string Code, string Name, int Columns, int Rows, string CssClass)
{
    public int PerSheet => Columns * Rows;
}

public static class Labels
{
    public static readonly IReadOnlyList<LabelLayout> Layouts =
    [
        new("L7160", "21 par feuille, 63,5 × 38,1 mm (3 × 7, type Avery L7160)", 3, 7, "labels-l7160"),
        new("L7159", "24 par feuille, 63,5 × 33,9 mm (3 × 8, type Avery L7159)", 3, 8, "labels-l7159"),
        new("L7163", "14 par feuille, 99,1 × 38,1 mm (2 × 7, type Avery L7163)", 2, 7, "labels-l7163"),
    ];

    /// <summary>At most this many labels per print: about 25 sheets, what a person prints at once.</summary>
    public const int MaxLabels = 500;

    public static LabelLayout Layout(string? code) => Layouts.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase)) ?? Layouts[0];

    /// <summary>The address a label's QR code opens: the item's page by its tag, on this instance.</summary>
    public static string Url(string baseUrl, string tag) => $"{baseUrl.TrimEnd('/')}/materiel/t/{Uri.EscapeDataString(tag)}";

    /// <summary>The QR code as inline SVG.</summary>
    public static string QrSvg(string text) => Shared.Web.QrCodes.Svg(text);
}
