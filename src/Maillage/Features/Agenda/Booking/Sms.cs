using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Maillage.Features.Agenda.Booking;

/// <summary>Settings of the SMS channel (section « Sms »): Provider « Log » (default, writes to the log) or « Brevo ».</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";
    public const string Brevo = "Brevo";

    public string Provider { get; set; } = "Log";

    /// <summary>Brevo's API root; a test points it at a local listener.</summary>
    public string BaseUrl { get; set; } = "https://api.brevo.com";
    public string? ApiKey { get; set; }

    /// <summary>The sender name shown on the phone (11 letters or digits at most).</summary>
    public string Sender { get; set; } = "Maillage";
    public int TimeoutSeconds { get; set; } = 10;
}

/// <summary>Sends a short text message to a phone in international form (+33…).</summary>
public interface ISmsSender
{
    Task SendAsync(string phone, string text, CancellationToken ct = default);
}

/// <summary>The default: no provider, the message goes to the log (number masked), so a demo never sends real SMS.</summary>
public sealed class LoggingSmsSender(ILogger<LoggingSmsSender> logger) : ISmsSender
{
    public Task SendAsync(string phone, string text, CancellationToken ct = default)
    {
        logger.LogInformation("SMS (not sent, no provider configured) to {Phone}: {Text}", Mask(phone), text);
        return Task.CompletedTask;
    }

    public static string Mask(string phone) => phone.Length > 4 ? new string('•', phone.Length - 4) + phone[^4..] : phone;
}

/// <summary>
/// Brevo's transactional SMS API (POST /v3/transactionalSMS/sms, key in the « api-key » header). A refusal or an
/// unreachable provider throws <see cref="SmsDeliveryException"/>: the caller keeps the appointment and logs it.
/// </summary>
public sealed class BrevoSmsSender(HttpClient http, IOptions<SmsOptions> options, ILogger<BrevoSmsSender> logger) : ISmsSender
{
    public async Task SendAsync(string phone, string text, CancellationToken ct = default)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, o.BaseUrl.TrimEnd('/') + "/v3/transactionalSMS/sms")
        {
            // Brevo wants the number with its country code and no « + ».
            Content = JsonContent.Create(new BrevoSms(o.Sender, phone.TrimStart('+'), text, "transactional"), SmsJsonContext.Default.BrevoSms),
        };
        request.Headers.Add("api-key", o.ApiKey ?? "");
        request.Headers.Accept.ParseAdd("application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new SmsDeliveryException("Le service d'envoi de SMS est injoignable.", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(ct);
                logger.LogWarning("Brevo refused an SMS: {Status} {Body}", (int)response.StatusCode, body.Length > 300 ? body[..300] : body);
                throw new SmsDeliveryException($"Le service d'envoi de SMS a refusé le message ({(int)response.StatusCode}).");
            }
        }
    }
}

public sealed record BrevoSms(
    [property: JsonPropertyName("sender")] string Sender,
    [property: JsonPropertyName("recipient")] string Recipient,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("type")] string Type);

[JsonSerializable(typeof(BrevoSms))]
public sealed partial class SmsJsonContext : JsonSerializerContext;

public sealed class SmsDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
