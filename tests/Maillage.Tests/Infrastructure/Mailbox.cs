using System.Text.RegularExpressions;
using MimeKit;

namespace Maillage.Tests.Infrastructure;

/// <summary>A message the application sent, as received by the test SMTP server.</summary>
public sealed record ReceivedMail(string To, string Subject, string TextBody, string? HtmlBody, IReadOnlyList<string> Links);

/// <summary>Reads what the test SMTP server received. Tests use unique recipient addresses, so they never see each other's mail.</summary>
public static partial class Mailbox
{
    /// <summary>Waits until a message to <paramref name="to"/> arrives (default 10 s), then parses it. Throws if none came.</summary>
    public static async Task<ReceivedMail> WaitForAsync(string to, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var found = Find(to).FirstOrDefault();
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No message to {to} reached the test SMTP server ({TestSmtpServer.Instance.Maildir}) within {seconds} s.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Every message received so far for <paramref name="to"/>, oldest first.</summary>
    public static IReadOnlyList<ReceivedMail> Find(string to)
    {
        var dir = Path.Combine(TestSmtpServer.Instance.Maildir, "new");
        if (!Directory.Exists(dir))
        {
            return [];
        }

        var mails = new List<(DateTime At, ReceivedMail Mail)>();
        foreach (var file in Directory.EnumerateFiles(dir))
        {
            MimeMessage message;
            try
            {
                message = MimeMessage.Load(file);
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                continue; // still being written
            }

            var recipients = message.To.Mailboxes.Select(m => m.Address);
            if (!recipients.Contains(to, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var text = message.TextBody ?? "";
            var html = message.HtmlBody;
            var links = LinkPattern().Matches(text + "\n" + html).Select(m => System.Net.WebUtility.HtmlDecode(m.Value)).Distinct().ToList();
            mails.Add((File.GetLastWriteTimeUtc(file), new ReceivedMail(to, message.Subject ?? "", text, html, links)));
        }

        return mails.OrderBy(m => m.At).Select(m => m.Mail).ToList();
    }

    [GeneratedRegex("""https?://[^\s"'<>]+""")]
    private static partial Regex LinkPattern();
}
