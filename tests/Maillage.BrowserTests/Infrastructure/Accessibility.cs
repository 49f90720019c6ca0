using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using Deque.AxeCore.Commons;

using Microsoft.Playwright;

namespace Maillage.BrowserTests.Infrastructure;

/// <summary>
/// axe-core on the page as it is now, limited to the WCAG 2.0/2.1 A and AA rules (what RGAA builds on). The script that
/// Deque.AxeCore.Commons ships is injected once per document and <c>axe.run</c> is called directly, asking for violations
/// only: Deque's Playwright wrapper ran every rule in two passes and merged them in a second page, passes included, which
/// took seconds a page on two cores for the same verdict.
/// </summary>
public static class Accessibility
{
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly Lazy<string> AxeSource = new(() => new BundledAxeScriptProvider().GetScript(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Fingerprints of the documents already found clean in this run. axe's verdict depends only on the DOM, the stylesheet
    /// (one per run) and the viewport, so a document identical to one already analysed (the sign-in form that every test
    /// opens, say) is not analysed again. Antiforgery tokens, different on every render, are left out of the fingerprint.
    /// A document with violations is never remembered, so every test that reaches it fails.
    /// </summary>
    private static readonly ConcurrentDictionary<string, bool> Clean = new();

    private const string FingerprintScript = """
        () => {
            const clone = document.documentElement.cloneNode(true);
            clone.querySelectorAll('input[name="__RequestVerificationToken"]').forEach(e => e.removeAttribute('value'));
            return window.innerWidth + 'x' + window.innerHeight + '|' + clone.outerHTML;
        }
        """;

    private const string RunScript = """
        async (tags) => {
            const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
            return JSON.stringify(result.violations.map(v => ({
                id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.map(t => Array.isArray(t) ? t.join(' >> ') : String(t)).join(' | '),
                    html: n.html,
                    messages: [...n.any, ...n.all, ...n.none].map(c => c.message).filter(m => m && m.trim() !== ''),
                })),
            })));
        }
        """;

    /// <summary>
    /// Has axe defined in every document of <paramref name="context"/> as it is created: Chromium then compiles the script
    /// once per renderer instead of receiving and compiling it again for each page checked.
    /// </summary>
    public static Task AddToEveryDocumentAsync(IBrowserContext context) => context.AddInitScriptAsync(AxeSource.Value);

    /// <summary>
    /// Runs axe-core on <paramref name="page"/>; returns null when it finds nothing, else a report naming the page (and
    /// <paramref name="state"/>), and for each violated rule its id, impact, help, the elements and what is wrong there.
    /// </summary>
    public static async Task<string?> FindViolationsAsync(IPage page, string? state = null)
    {
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(await page.EvaluateAsync<string>(FingerprintScript))));
        if (Clean.ContainsKey(fingerprint))
        {
            return null;
        }

        foreach (var frame in page.Frames)
        {
            // Contexts of AppFixture have axe from their init script; others (and iframes) get it here, so that the run in the
            // main frame reaches into every frame as axe intends.
            if (!await frame.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            {
                await frame.EvaluateAsync(AxeSource.Value);
            }
        }

        var violations = JsonSerializer.Deserialize<Violation[]>(await page.EvaluateAsync<string>(RunScript, Tags), JsonSerializerOptions.Web)!;
        if (violations.Length == 0)
        {
            Clean.TryAdd(fingerprint, true);
            return null;
        }

        var report = new StringBuilder();
        report.Append("axe-core found ").Append(violations.Length).Append(" WCAG A/AA violation(s) on ").Append(page.Url);
        if (state is not null)
        {
            report.Append(" (").Append(state).Append(')');
        }

        report.AppendLine(":");
        foreach (var v in violations)
        {
            report.Append("- ").Append(v.Id).Append(" [").Append(v.Impact).Append("] ").Append(v.Help).Append(" (").Append(v.HelpUrl).AppendLine(")");
            foreach (var node in v.Nodes)
            {
                report.Append("    at ").Append(node.Target).Append(" : ").AppendLine(node.Html);
                foreach (var message in node.Messages.Distinct())
                {
                    report.Append("      ").AppendLine(message.ReplaceLineEndings(" "));
                }
            }
        }

        return report.ToString();
    }

    private sealed record Violation(string Id, string Impact, string Help, string HelpUrl, ViolationNode[] Nodes);

    private sealed record ViolationNode(string Target, string Html, string[] Messages);
}
