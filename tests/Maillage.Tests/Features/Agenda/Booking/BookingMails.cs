using Maillage.Tests.Infrastructure;
using MimeKit;

namespace Maillage.Tests.Features.Agenda.Booking;

/// <summary>The raw messages the test SMTP server received for one address, with their attachments (Mailbox keeps only the bodies).</summary>
public static class BookingMails
{
    public static IReadOnlyList<MimeMessage> For(string to)
    {
        var dir = Path.Combine(TestSmtpServer.Instance.Maildir, "new");
        if (!Directory.Exists(dir))
        {
            return [];
        }

        var found = new List<(DateTime, MimeMessage)>();
        foreach (var file in Directory.EnumerateFiles(dir))
        {
            try
            {
                var message = MimeMessage.Load(file);
                if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add((File.GetLastWriteTimeUtc(file), message));
                }
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                // still being written
            }
        }

        return found.OrderBy(f => f.Item1).Select(f => f.Item2).ToList();
    }

    public static async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string to, int count = 1, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var messages = For(to);
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(50);
        }
    }

    public static string Ics(MimeMessage message)
    {
        var part = message.Attachments.OfType<MimePart>().Single(a => a.FileName == "rendez-vous.ics");
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
