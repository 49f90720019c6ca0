using System.Linq.Expressions;

namespace Maillage.Features.Lieux.Gestion;

/// <summary>
/// How complete a place is for a person looking for help: ten things they need, ten points each. The score is one
/// expression so that the list can filter and sort by it in the database, and the same rule runs in memory.
/// </summary>
public static class PlaceCompleteness
{
    /// <summary>The criteria, in the order they are listed as missing.</summary>
    public static readonly IReadOnlyList<(string Label, Expression<Func<Place, bool>> Met)> Criteria =
    [
        ("les horaires d'ouverture", p => p.OpeningHours != null && p.OpeningHours != ""),
        ("un téléphone ou un courriel", p => (p.Phone != null && p.Phone != "") || (p.Emails != null && p.Emails != "")),
        ("les services proposés", p => p.Services != null && p.Services != ""),
        ("les publics accueillis", p => p.SpecificPublics != null && p.SpecificPublics != ""),
        ("les coordonnées géographiques", p => p.Latitude != null && p.Longitude != null),
        ("la présentation résumée", p => p.Summary != null && p.Summary != ""),
        ("l'accessibilité (fiche Accès libre ou précisions)", p => (p.AccessibilityUrl != null && p.AccessibilityUrl != "") || (p.AccessibilityNotes != null && p.AccessibilityNotes != "")),
        ("les modalités d'accès", p => p.AccessModes != null && p.AccessModes != ""),
        ("les frais à charge", p => p.Fees != null && p.Fees != ""),
        ("les modalités d'accompagnement", p => p.SupportModes != null && p.SupportModes != ""),
    ];

    private static readonly int Points = 100 / Criteria.Count;

    /// <summary>The score (0–100) as a translatable expression: a sum of CASE WHEN.</summary>
    public static readonly Expression<Func<Place, int>> Score = BuildScore();

    /// <summary>Places with something missing (score below 100), for the list's "incomplete" filter.</summary>
    public static readonly Expression<Func<Place, bool>> IsIncomplete =
        Expression.Lambda<Func<Place, bool>>(Expression.LessThan(Score.Body, Expression.Constant(100)), Score.Parameters);

    private static readonly Func<Place, bool>[] Compiled = [.. Criteria.Select(c => c.Met.Compile())];

    public static int ScoreOf(Place place) => Compiled.Count(c => c(place)) * Points;

    /// <summary>What is missing, in French (« les horaires d'ouverture », …).</summary>
    public static IReadOnlyList<string> MissingOf(Place place) =>
        [.. Criteria.Where((_, i) => !Compiled[i](place)).Select(c => c.Label)];

    private static Expression<Func<Place, int>> BuildScore()
    {
        var p = Expression.Parameter(typeof(Place), "p");
        Expression sum = Expression.Constant(0);
        foreach (var (_, met) in Criteria)
        {
            var body = new ReplaceParameter(met.Parameters[0], p).Visit(met.Body);
            sum = Expression.Add(sum, Expression.Condition(body, Expression.Constant(Points), Expression.Constant(0)));
        }

        return Expression.Lambda<Func<Place, int>>(sum, p);
    }

    private sealed class ReplaceParameter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
