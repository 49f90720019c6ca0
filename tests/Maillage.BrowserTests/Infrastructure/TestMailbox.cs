using System.Globalization;
using System.Text.RegularExpressions;

using MimeKit;

namespace Maillage.BrowserTests.Infrastructure;

/// <summary>
/// Reads what the application sent: from the test SMTP server's maildir when test.sh runs one
/// (MAILLAGE_TEST_SMTP_PORT and MAILLAGE_TEST_SMTP_DIR), otherwise from the fixture's pickup directory (.eml files).
/// Tests use unique recipients, so they never see each other's messages.
/// </summary>
public static partial class TestMailbox
{
    public static int? SmtpPort =>
        int.TryParse(Environment.GetEnvironmentVariable("MAILLAGE_TEST_SMTP_PORT"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port : null;

    /// <summary>The directory to read for <paramref name="app"/>'s messages.</summary>
    public static string DirectoryFor(AppFixture app)
    {
        if (SmtpPort is null)
        {
            return app.PickupDirectory;
        }

        var maildir = Environment.GetEnvironmentVariable("MAILLAGE_TEST_SMTP_DIR");
        if (string.IsNullOrEmpty(maildir))
        {
            throw new InvalidOperationException("MAILLAGE_TEST_SMTP_PORT is set but MAILLAGE_TEST_SMTP_DIR is not: the tests cannot read the messages.");
        }

        return Path.Combine(maildir, "new");
    }

    /// <summary>
    /// The first message to <paramref name="to"/> created after <paramref name="since"/> (when given). The application writes
    /// (or hands over) the message before it answers the form, so it is normally there at once; the short poll only covers a
    /// slow disk.
    /// </summary>
    public static async Task<MimeMessage> WaitForAsync(AppFixture app, string to, DateTimeOffset? since = null, int seconds = 10)
    {
        var dir = DirectoryFor(app);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (Directory.Exists(dir))
            {
                foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
                {
                    MimeMessage message;
                    try
                    {
                        message = await MimeMessage.LoadAsync(file);
                    }
                    catch (Exception e) when (e is IOException or FormatException)
                    {
                        continue; // still being written
                    }

                    if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase))
                        && (since is null || message.Date >= since.Value.AddSeconds(-2)))
                    {
                        return message;
                    }
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No message to {to} arrived in {dir} within {seconds} s.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Every http(s) link in the message's text and HTML bodies.</summary>
    public static IReadOnlyList<string> Links(MimeMessage message) =>
        LinkPattern().Matches((message.TextBody ?? "") + "\n" + (message.HtmlBody ?? ""))
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Value))
            .Distinct()
            .ToList();

    [GeneratedRegex("""https?://[^\s"'<>]+""")]
    private static partial Regex LinkPattern();
}
