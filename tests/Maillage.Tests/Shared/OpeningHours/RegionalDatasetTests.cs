using System.Text.Json;
using Maillage.Shared.OpeningHours;
using Xunit.Abstractions;

namespace Maillage.Tests.Shared.OpeningHours;

/// <summary>
/// Parses every place's hours of the Hinaura 2023 dataset (legacy schema v0.1, field <c>horaires</c>), read in place
/// from <c>../shared/reference/lieux/</c> beside the repository; the file is never copied into the repository.
/// </summary>
public class RegionalDatasetTests(ITestOutputHelper output)
{
    private const string RelativePath = "../shared/reference/lieux/hinaura-2023-v0.1.json";

    /// <summary>
    /// Every distinct hours string of the dataset that does not parse, with the expected error. A new failure,
    /// a changed message or a string that starts to parse breaks the test: update this list on purpose.
    /// (All 617 strings parse today.)
    /// </summary>
    private static readonly Dictionary<string, string> ExpectedFailures = new();

    [Fact]
    public void AtLeastNinetyFivePercentOfTheRegionalHoursParseAndTheFailuresAreTheKnownOnes()
    {
        var path = FindDataset();
        if (path is null)
        {
            output.WriteLine($"Jeu de données absent ({RelativePath} à côté du dépôt) : test ignoré.");
            return;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var values = document.RootElement.EnumerateArray()
            .Select(place => place.TryGetProperty("horaires", out var hours) && hours.ValueKind == JsonValueKind.String ? hours.GetString() : null)
            .Where(hours => !string.IsNullOrWhiteSpace(hours))
            .Select(hours => hours!)
            .ToList();

        var failures = new Dictionary<string, string>();
        var parsed = 0;
        foreach (var hours in values)
        {
            if (OpeningHoursParser.TryParse(hours, out var schedule, out var error))
            {
                parsed++;
                var canonical = schedule.ToOsmString();
                Assert.True(OpeningHoursParser.TryParse(canonical, out var again, out var againError), $"{hours} → {canonical} : {againError}");
                Assert.Equal(schedule, again);
            }
            else
            {
                failures[hours] = error;
            }
        }

        output.WriteLine($"{parsed}/{values.Count} horaires lus ({values.Distinct().Count()} chaînes distinctes, {failures.Count} en échec).");
        foreach (var (hours, error) in failures)
        {
            output.WriteLine($"  « {hours} » : {error}");
        }

        Assert.NotEmpty(values);
        Assert.True(parsed >= values.Count * 0.95, $"Seulement {parsed}/{values.Count} horaires lus.");
        Assert.Equal(
            ExpectedFailures.OrderBy(p => p.Key, StringComparer.Ordinal),
            failures.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    private static string? FindDataset()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Maillage.slnx")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(directory.FullName, RelativePath));
        return File.Exists(path) ? path : null;
    }
}
