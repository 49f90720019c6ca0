using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

using Microsoft.Playwright;

namespace Maillage.BrowserTests.Infrastructure;

/// <summary>axe-core on the page as it is now, limited to the WCAG 2.0/2.1 A and AA rules (what RGAA builds on).</summary>
public static class Accessibility
{
    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>
    /// Fingerprints of the documents already found clean in this run. axe's verdict depends only on the DOM, the stylesheet
    /// (one per run) and the viewport, so a document identical to one already analysed (the sign-in form that every test
    /// opens, say) is not analysed again: on two busy cores an analysis takes one to three seconds. Antiforgery tokens,
    /// different on every render, are left out of the fingerprint. A document with violations is never remembered, so
    /// every test that reaches it fails.
    /// </summary>
    private static readonly ConcurrentDictionary<string, bool> Clean = new();

    private const string FingerprintScript = """
        () => {
            const clone = document.documentElement.cloneNode(true);
            clone.querySelectorAll('input[name="__RequestVerificationToken"]').forEach(e => e.removeAttribute('value'));
            return window.innerWidth + 'x' + window.innerHeight + '|' + clone.outerHTML;
        }
        """;

    /// <summary>Fails with every violation's rule id, impact, help text, target selectors and what is wrong there.</summary>
    public static async Task AssertNoViolationsAsync(IPage page, string? state = null)
    {
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(await page.EvaluateAsync<string>(FingerprintScript))));
        if (Clean.ContainsKey(fingerprint))
        {
            return;
        }

        var result = await page.RunAxe(Options);
        if (result.Violations is not { Length: > 0 } violations)
        {
            Clean.TryAdd(fingerprint, true);
            return;
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
                var checks = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).Where(m => !string.IsNullOrWhiteSpace(m));
                foreach (var message in checks.Distinct())
                {
                    report.Append("      ").AppendLine(message.ReplaceLineEndings(" "));
                }
            }
        }

        Assert.Fail(report.ToString());
    }
}
