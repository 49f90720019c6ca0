using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Maillage.Shared.Email;

public sealed class SmtpOptions
{
    /// <summary>SMTP server; when empty, messages are written as .eml files into <see cref="PickupDirectory"/>.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string From { get; set; } = "ne-pas-repondre@maillage.localhost";
    public string FromName { get; set; } = "Maillage";
    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary>None, StartTls, StartTlsWhenAvailable or SslOnConnect.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;
    public string PickupDirectory { get; set; } = "data/mails";
}

/// <summary>A file joined to a message (an appointment's .ics).</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

public sealed record OutgoingMail(string To, string Subject, string TextBody, string? HtmlBody = null, IReadOnlyList<MailAttachment>? Attachments = null);

public interface IMailer
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}

/// <summary>Sends through a real SMTP server with MailKit, or drops .eml files when no server is configured (a demo on a laptop).</summary>
public sealed class MailKitMailer(IOptions<SmtpOptions> options, IHostEnvironment environment, ILogger<MailKitMailer> logger) : IMailer
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(o.FromName, o.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        foreach (var attachment in mail.Attachments ?? [])
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        message.Body = body.ToMessageBody();

        if (string.IsNullOrWhiteSpace(o.Host))
        {
            var dir = Path.IsPathRooted(o.PickupDirectory) ? o.PickupDirectory : Path.Combine(environment.ContentRootPath, o.PickupDirectory);
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
            await message.WriteToAsync(file, cancellationToken);
            logger.LogInformation("No SMTP server configured: message {MessageId} written to the pickup directory", message.MessageId);
            return;
        }

        using var client = new SmtpClient();
        await client.ConnectAsync(o.Host, o.Port, o.Security, cancellationToken);
        if (!string.IsNullOrEmpty(o.User))
        {
            await client.AuthenticateAsync(o.User, o.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        logger.LogInformation("Message {MessageId} sent through {SmtpHost}", message.MessageId, o.Host);
    }
}

public static class MailFailures
{
    /// <summary>A failure to reach or talk to the mail server: the action is kept and the user told that the e-mail did not leave.</summary>
    public static bool IsDeliveryFailure(Exception e) =>
        e is MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or MailKit.ServiceNotConnectedException
            or System.Net.Sockets.SocketException or IOException or TimeoutException;
}
