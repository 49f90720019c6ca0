using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestCollectionOrderer("Maillage.BrowserTests.Infrastructure.RandomOrder", "Maillage.BrowserTests")]
[assembly: Xunit.TestCaseOrderer("Maillage.BrowserTests.Infrastructure.RandomOrder", "Maillage.BrowserTests")]

namespace Maillage.BrowserTests.Infrastructure;

/// <summary>
/// With MAILLAGE_TEST_ORDER_SEED=N, test classes and the tests inside each class run in an order shuffled from N, so that
/// a test depending on another's leftovers (shared browser, shared sign-in cookies, the demo template) shows up; the
/// same seed gives the same order again. Without it, xunit's usual stable order.
/// </summary>
public sealed class RandomOrder : ITestCollectionOrderer, ITestCaseOrderer
{
    private static readonly int? Seed = int.TryParse(Environment.GetEnvironmentVariable("MAILLAGE_TEST_ORDER_SEED"), out var seed) ? seed : null;

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var sorted = testCollections.OrderBy(c => c.DisplayName, StringComparer.Ordinal).ToList();
        return Seed is null ? sorted : Shuffle(sorted, Seed.Value);
    }

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase
    {
        var sorted = testCases.OrderBy(c => c.UniqueID, StringComparer.Ordinal).ToList();
        return Seed is null ? sorted : Shuffle(sorted, Seed.Value ^ StableHash(sorted.Count == 0 ? "" : sorted[0].TestMethod.TestClass.Class.Name));
    }

    private static List<T> Shuffle<T>(List<T> items, int seed)
    {
        var random = new Random(seed);
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }

    // string.GetHashCode changes from one process to the next; the order must not.
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
