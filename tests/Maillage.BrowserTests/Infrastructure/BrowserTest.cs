using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

using Maillage.Data;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests.Infrastructure;

/// <summary>
/// Base of every browser test class. <see cref="RunAsync"/> gives a test a fresh browser context, keeps a full-page screenshot
/// when the test fails, and checks at the end that every page the test reached went through axe-core
/// (<see cref="VisitAsync"/> and <see cref="AssertAccessibleAsync"/> do that check).
/// </summary>
public abstract class BrowserTest<TFixture> : IClassFixture<TFixture>
    where TFixture : AppFixture
{
    private readonly List<(IPage Page, string Label)> _pages = [];
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _visited = [];
    private readonly HashSet<string> _checked = [];

    static BrowserTest() => SetDefaultExpectTimeout(10_000);

    protected BrowserTest(TFixture app) => App = app;

    protected TFixture App { get; }

    /// <summary>Runs <paramref name="test"/> on a new page in a new context; screenshots every page of the test if it fails.</summary>
    protected Task RunAsync(Func<IPage, Task> test, [CallerMemberName] string name = "") => RunAsync(name, 1280, test);

    protected async Task RunAsync(string name, int width, Func<IPage, Task> test)
    {
        var fullName = $"{GetType().Name}.{name}";
        try
        {
            var page = await OpenPageAsync(width);
            await test(page);
            AssertEveryVisitedPageWasChecked();
            Screenshots.DeleteFailures(fullName);
        }
        catch (Exception failure)
        {
            var shots = new List<string>();
            for (var i = 0; i < _pages.Count; i++)
            {
                try
                {
                    shots.Add(await Screenshots.SaveAsync(_pages[i].Page, $"FAILED-{fullName}{(i == 0 ? "" : "-" + _pages[i].Label)}"));
                }
                catch (PlaywrightException)
                {
                    // The page is gone (browser crashed or context closed): nothing to keep.
                }
            }

            throw new TestFailedWithScreenshotsException(failure, shots);
        }
        finally
        {
            foreach (var context in _contexts)
            {
                await context.CloseAsync();
            }
        }
    }

    /// <summary>Another page in its own fresh context (another person, or the same person on another device).</summary>
    protected async Task<IPage> OpenPageAsync(int width = 1280)
    {
        var context = await App.NewContextAsync(width);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        _pages.Add((page, "page" + (_pages.Count + 1)));
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame && !frame.Url.StartsWith("about:", StringComparison.Ordinal))
            {
                lock (_visited)
                {
                    _visited.Add(Normalize(frame.Url));
                }
            }
        };
        return page;
    }

    /// <summary>Opens <paramref name="url"/>, then runs axe-core on what it shows.</summary>
    protected async Task<IResponse?> VisitAsync(IPage page, string url)
    {
        var response = await page.GotoAsync(url);
        await AssertAccessibleAsync(page);
        return response;
    }

    /// <summary>axe-core on the page as it is now (after a form submission, an error, a redirect…).</summary>
    protected async Task AssertAccessibleAsync(IPage page, string? state = null)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        await Accessibility.AssertNoViolationsAsync(page, state);
        lock (_visited)
        {
            _checked.Add(Normalize(page.Url));
        }
    }

    /// <summary>Signs in through /connexion and waits for <paramref name="landingPath"/> (axe runs on both pages).</summary>
    protected async Task SignInAsync(IPage page, string email, string password = DemoSeeder.Password, string landingPath = "/")
    {
        await VisitAsync(page, "/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PathPattern(landingPath));
        await AssertAccessibleAsync(page);
    }

    /// <summary>Signs out with the button of the main menu; the sign-in page confirms it.</summary>
    protected async Task SignOutAsync(IPage page)
    {
        await MainMenu(page).GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PathPattern("/connexion"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Vous êtes déconnecté·e.");
        await AssertAccessibleAsync(page);
        await Expect(page.GetByRole(AriaRole.Banner)).Not.ToContainTextAsync("Connecté·e en tant que");
    }

    /// <summary>
    /// Clicks <paramref name="target"/> (a link, a submit button) and waits until the document it leads to has loaded, even
    /// when its address is the current one (a form shown again with its errors, a redirect back to the same page).
    /// </summary>
    protected static async Task ClickAndWaitForNewDocumentAsync(IPage page, ILocator target)
    {
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-previous-document', '')");
        await target.ClickAsync();
        await Expect(page.Locator("html[data-previous-document]")).ToHaveCountAsync(0);
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    protected static ILocator MainMenu(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal" });

    /// <summary>Matches a URL whose path is exactly <paramref name="path"/> (any query string).</summary>
    protected static Regex PathPattern(string path) => new("^https?://[^/]+" + Regex.Escape(path) + @"(\?.*)?$");

    /// <summary>A unique, valid address at a reserved domain.</summary>
    protected static string UniqueEmail(string who) => $"{who}-{Guid.NewGuid():N}@exemple.test";

    private void AssertEveryVisitedPageWasChecked()
    {
        List<string> missing;
        lock (_visited)
        {
            missing = _visited.Distinct().Where(u => !_checked.Contains(u)).ToList();
        }

        Assert.True(missing.Count == 0, "Pages reached without an axe-core check: " + string.Join(", ", missing));
    }

    private static string Normalize(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? url : url[..hash];
    }
}

/// <summary>The test's own failure, with where its screenshots were saved.</summary>
public sealed class TestFailedWithScreenshotsException(Exception inner, IReadOnlyList<string> screenshots)
    : Exception(inner.Message + (screenshots.Count == 0 ? "" : Environment.NewLine + "Screenshots: " + string.Join(", ", screenshots)), inner)
{
    public override string? StackTrace => InnerException?.StackTrace;
}
