using Maillage.Shared.Text;

namespace Maillage.Features.Accompagnements;

/// <summary>What the duplicate check needs of a named file.</summary>
public sealed record BeneficiarySketch(long Id, string? FirstName, string? LastName, int? BirthYear, string? CommuneCode);

/// <summary>Two files that probably hold the same person, and why (in French, for the reviewer).</summary>
public sealed record BeneficiaryMatch(long FirstId, long SecondId, double Score, string Reasons);

/// <summary>
/// Probable duplicates among an organization's named files: fuzzy full name, the same birth year (or one unknown), the same
/// commune (or one unknown). Never merged without a person deciding.
/// </summary>
public static class BeneficiaryDuplicates
{
    public const double Threshold = 0.75;

    public static BeneficiaryMatch? Compare(BeneficiarySketch a, BeneficiarySketch b)
    {
        if (a.BirthYear is { } ya && b.BirthYear is { } yb && ya != yb)
        {
            return null;
        }

        if (a.CommuneCode is { Length: > 0 } ca && b.CommuneCode is { Length: > 0 } cb && ca != cb)
        {
            return null;
        }

        var name = TextFold.Similarity($"{a.FirstName} {a.LastName}", $"{b.FirstName} {b.LastName}");
        if (name == 0)
        {
            return null;
        }

        // A shared birth year and commune make a close name more convincing; an unknown one weighs nothing either way.
        var score = name;
        var reasons = new List<string> { $"noms proches à {Math.Round(name * 100)} %" };
        if (a.BirthYear is not null && a.BirthYear == b.BirthYear)
        {
            score = Math.Min(1, score + 0.05);
            reasons.Add($"née ou né en {a.BirthYear}");
        }

        if (a.CommuneCode is { Length: > 0 } && a.CommuneCode == b.CommuneCode)
        {
            score = Math.Min(1, score + 0.05);
            reasons.Add("même commune");
        }

        return score >= Threshold ? new BeneficiaryMatch(Math.Min(a.Id, b.Id), Math.Max(a.Id, b.Id), score, string.Join(", ", reasons)) : null;
    }

    /// <summary>Every probable pair, best first. Files are grouped by birth year (unknown years meet every group), not compared all with all.</summary>
    public static List<BeneficiaryMatch> FindAll(IReadOnlyList<BeneficiarySketch> files)
    {
        var unknown = files.Where(f => f.BirthYear is null).ToList();
        var found = new Dictionary<(long, long), BeneficiaryMatch>();
        void Pairs(IReadOnlyList<BeneficiarySketch> left, IReadOnlyList<BeneficiarySketch> right, bool same)
        {
            for (var i = 0; i < left.Count; i++)
            {
                for (var j = same ? i + 1 : 0; j < right.Count; j++)
                {
                    if (left[i].Id != right[j].Id && Compare(left[i], right[j]) is { } match)
                    {
                        found.TryAdd((match.FirstId, match.SecondId), match);
                    }
                }
            }
        }

        foreach (var group in files.Where(f => f.BirthYear is not null).GroupBy(f => f.BirthYear))
        {
            var list = group.ToList();
            Pairs(list, list, same: true);
            Pairs(list, unknown, same: false);
        }

        Pairs(unknown, unknown, same: true);
        return [.. found.Values.OrderByDescending(m => m.Score).ThenBy(m => m.FirstId).ThenBy(m => m.SecondId)];
    }
}
