using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

using Maillage.Data;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests.Infrastructure;

/// <summary>
/// Base of every browser test class. <see cref="RunAsync"/> gives a test a fresh browser context, keeps a full-page screenshot
/// when the test fails, and checks at the end that every page the test reached went through axe-core
/// (<see cref="VisitAsync"/> and <see cref="AssertAccessibleAsync"/> do that check) and that none of them had a WCAG A/AA
/// violation: the journey goes on past a page with violations, and the test fails at its end naming every such page and rule.
/// </summary>
public abstract class BrowserTest<TFixture> : IClassFixture<TFixture>
    where TFixture : AppFixture
{
    private readonly List<(IPage Page, string Label)> _pages = [];
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _visited = [];
    private readonly HashSet<string> _checked = [];
    private readonly List<string> _violations = [];

    /// <summary>
    /// The cookies of each account already signed in through the form in this run (key: e-mail and password). Every copy of
    /// the demo database shares one data-protection key ring (<see cref="DemoDatabaseTemplate"/>), so they are valid in every
    /// test class's application. Never used where two-factor authentication is required.
    /// </summary>
    private static readonly ConcurrentDictionary<(string Email, string Password), IReadOnlyList<Cookie>> SignedIn = new();

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
            AssertNoAccessibilityViolations();
            Screenshots.DeleteFailures(fullName);
        }
        catch (Exception failure)
        {
            var shots = new List<string>();
            for (var i = 0; i < _pages.Count; i++)
            {
                try
                {
                    shots.Add(await Screenshots.SaveFailureAsync(_pages[i].Page, $"FAILED-{fullName}{(i == 0 ? "" : "-" + _pages[i].Label)}"));
                }
                catch (PlaywrightException)
                {
                    // The page is gone (browser crashed or context closed): nothing to keep.
                }
            }

            throw new TestFailedWithScreenshotsException(failure, shots, failure is AccessibilityException ? [] : _violations);
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
        if (await Accessibility.FindViolationsAsync(page, state) is { } report)
        {
            lock (_violations)
            {
                _violations.Add(report);
            }
        }

        lock (_visited)
        {
            _checked.Add(Normalize(page.Url));
        }
    }

    /// <summary>
    /// Signs <paramref name="email"/> in and checks that <paramref name="landingPath"/> shows them signed in (axe runs on it).
    /// The first time in the run an account signs in, it goes through the /connexion form; later, its cookies are put in the
    /// new context instead, which saves a form, a password hash and a redirect per test. A test about signing in itself
    /// (the form, the audit of sign-ins, two-factor) calls <see cref="SignInWithFormAsync"/>.
    /// </summary>
    protected async Task SignInAsync(IPage page, string email, string password = DemoSeeder.Password, string landingPath = "/")
    {
        if (!App.RequireTwoFactorForStaff && SignedIn.TryGetValue((email, password), out var cookies))
        {
            await page.Context.AddCookiesAsync(cookies);
            await VisitAsync(page, landingPath);
            if (new Uri(page.Url).AbsolutePath == landingPath && await page.GetByRole(AriaRole.Banner).GetByText("Connecté·e en tant que").CountAsync() > 0)
            {
                return;
            }

            // This class's copy no longer accepts them (the account changed): sign in for real.
            await page.Context.ClearCookiesAsync();
        }

        await SignInWithFormAsync(page, email, password, landingPath);
    }

    /// <summary>Signs in through the /connexion form and waits for <paramref name="landingPath"/> (axe runs on both pages).</summary>
    protected async Task SignInWithFormAsync(IPage page, string email, string password = DemoSeeder.Password, string landingPath = "/")
    {
        await VisitAsync(page, "/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PathPattern(landingPath));
        await AssertAccessibleAsync(page);
        if (!App.RequireTwoFactorForStaff)
        {
            SignedIn[(email, password)] = (await page.Context.CookiesAsync()).Select(c => new Cookie
            {
                Name = c.Name,
                Value = c.Value,
                Domain = c.Domain,
                Path = c.Path,
                Expires = c.Expires,
                HttpOnly = c.HttpOnly,
                Secure = c.Secure,
                SameSite = c.SameSite,
            }).ToList();
        }
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

    private void AssertNoAccessibilityViolations()
    {
        List<string> reports;
        lock (_violations)
        {
            reports = [.. _violations];
        }

        if (reports.Count > 0)
        {
            throw new AccessibilityException($"{reports.Count} page state(s) with WCAG A/AA violations:{Environment.NewLine}{string.Join(Environment.NewLine, reports)}");
        }
    }

    private static string Normalize(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? url : url[..hash];
    }
}

/// <summary>axe-core found violations on pages of the journey.</summary>
public sealed class AccessibilityException(string message) : Exception(message);

/// <summary>The test's own failure, with where its screenshots were saved and the accessibility violations met before it.</summary>
public sealed class TestFailedWithScreenshotsException(Exception inner, IReadOnlyList<string> screenshots, IReadOnlyList<string> violations)
    : Exception(inner.Message
        + (screenshots.Count == 0 ? "" : Environment.NewLine + "Screenshots: " + string.Join(", ", screenshots))
        + (violations.Count == 0 ? "" : Environment.NewLine + "Also, axe-core found violations before the failure:" + Environment.NewLine + string.Join(Environment.NewLine, violations)), inner)
{
    public override string? StackTrace => InnerException?.StackTrace;
}
