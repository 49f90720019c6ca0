using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Maillage.Features.Agenda.Booking;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ContactInputAlias = Maillage.Features.Agenda.ContactInput;

namespace Maillage.Tests.Features.Agenda.Booking;

/// <summary>The Brevo SMS adapter against a real local HTTP server (HttpListener) that records what it receives.</summary>
public sealed class SmsSenderTests
{
    private sealed class FakeBrevo : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public FakeBrevo(int status = 201)
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    // Stop() may land between the IsListening check and the wait: the listener then says it is not started.
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }

                    using var reader = new StreamReader(context.Request.InputStream);
                    Received.Add((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Headers["api-key"], await reader.ReadToEndAsync()));
                    context.Response.StatusCode = status;
                    context.Response.ContentType = "application/json";
                    var body = status < 300 ? """{"reference":"ab1","messageId":1}"""u8.ToArray() : """{"code":"invalid_parameter","message":"bad"}"""u8.ToArray();
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }
        public System.Collections.Concurrent.ConcurrentBag<(string Method, string Path, string? ApiKey, string Body)> Received { get; } = [];

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(2));
        }

        private static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }
    }

    private static BrevoSmsSender Sender(string url, string key = "cle-brevo") => new(
        new HttpClient(),
        Options.Create(new SmsOptions { Provider = SmsOptions.Brevo, BaseUrl = url, ApiKey = key, Sender = "Maillage" }),
        NullLogger<BrevoSmsSender>.Instance);

    [Fact]
    public async Task The_adapter_posts_brevos_transactional_sms_request()
    {
        using var brevo = new FakeBrevo();
        await Sender(brevo.Url).SendAsync("+33612345678", "RDV confirmé le mercredi 25 novembre 2026 à 9 h 30.");

        var (method, path, key, body) = Assert.Single(brevo.Received);
        Assert.Equal(("POST", "/v3/transactionalSMS/sms", "cle-brevo"), (method, path, key));
        using var json = JsonDocument.Parse(body);
        Assert.Equal("33612345678", json.RootElement.GetProperty("recipient").GetString());
        Assert.Equal("Maillage", json.RootElement.GetProperty("sender").GetString());
        Assert.Equal("transactional", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("RDV confirmé le mercredi 25 novembre 2026 à 9 h 30.", json.RootElement.GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_refusal_or_an_unreachable_provider_is_a_delivery_failure()
    {
        using var refusing = new FakeBrevo(status: 400);
        var refused = await Assert.ThrowsAsync<SmsDeliveryException>(() => Sender(refusing.Url).SendAsync("+33612345678", "x"));
        Assert.Contains("400", refused.Message);

        string closedUrl;
        using (var closed = new FakeBrevo())
        {
            closedUrl = closed.Url;
        }

        await Assert.ThrowsAsync<SmsDeliveryException>(() => Sender(closedUrl).SendAsync("+33612345678", "x"));
    }

    [Fact]
    public async Task Brevo_without_an_api_key_refuses_to_start_with_a_french_message()
    {
        await using var factory = new MaillageFactory().WithSetting("Sms:Provider", "Brevo").WithSetting("Sms:ApiKey", "");
        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);
        Assert.Contains("Sms:ApiKey est obligatoire avec Sms:Provider=Brevo.", error.Message);
    }

    [Fact]
    [Trait("Category", "Database")]
    public async Task Configured_with_brevo_a_booking_with_a_phone_only_is_confirmed_by_sms_with_the_management_link()
    {
        using var brevo = new FakeBrevo();
        await using var factory = new MaillageFactory()
            .WithSetting("Sms:Provider", "Brevo")
            .WithSetting("Sms:BaseUrl", brevo.Url)
            .WithSetting("Sms:ApiKey", "cle-de-test");
        var world = await BookingWorld.CreateAsync(factory);
        var slot = await world.SlotAsync(factory);
        var outcome = await BookingWorld.BookAsync(factory, world.Request(slot.Start, phone: "06 98 76 54 32"));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.IsType<BrevoSmsSender>(scope.ServiceProvider.GetRequiredService<ISmsSender>());
        var sent = await scope.ServiceProvider.GetRequiredService<BookingNotifier>()
            .SendAsync(outcome.Appointment!, BookingNotifier.Kind.Confirmed, "https://maillage.example", outcome.ManagementToken);

        Assert.True(sent);
        var (_, _, key, body) = Assert.Single(brevo.Received);
        Assert.Equal("cle-de-test", key);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("33698765432", json.RootElement.GetProperty("recipient").GetString());
        Assert.Contains($"https://maillage.example/rendez-vous/gerer/{outcome.ManagementToken}", json.RootElement.GetProperty("content").GetString());
    }

    [Fact]
    [Trait("Category", "Database")]
    public async Task A_workshop_registrant_with_a_phone_only_is_told_by_sms_of_the_waiting_list_and_of_the_promotion()
    {
        using var brevo = new FakeBrevo();
        await using var factory = new MaillageFactory()
            .WithSetting("Sms:Provider", "Brevo")
            .WithSetting("Sms:BaseUrl", brevo.Url)
            .WithSetting("Sms:ApiKey", "cle-de-test");
        var world = await Ateliers.WorkshopWorld.CreateAsync(factory);
        var sessionId = await world.SessionAsync(factory, capacity: 1);
        var first = await Ateliers.WorkshopWorld.RegisterAsync(factory, sessionId, Ateliers.WorkshopWorld.Person());
        var waiting = await Ateliers.WorkshopWorld.RegisterAsync(factory, sessionId, new ContactInputAlias("Karim B.", "07 11 22 33 44", null));
        Assert.Equal(1, waiting.WaitingPosition);

        await using var scope = factory.Services.CreateAsyncScope();
        var mails = scope.ServiceProvider.GetRequiredService<Maillage.Features.Agenda.Ateliers.WorkshopMails>();
        var session = await scope.ServiceProvider.GetRequiredService<Maillage.Data.AppDbContext>().WorkshopSessions
            .Include(s => s.WorkshopType).Include(s => s.Place).SingleAsync(s => s.Id == sessionId);
        Assert.True(await mails.SendRegisteredAsync(waiting.Registration!, session, waiting.ManagementToken!, "https://maillage.example", waiting.WaitingPosition));

        var cancelled = await Ateliers.WorkshopWorld.CancelAsync(factory, first.Registration!.Id);
        var promoted = Assert.Single(cancelled.Promoted);
        Assert.True(await mails.SendPromotedAsync(promoted, session));

        var texts = brevo.Received.Select(r => JsonDocument.Parse(r.Body).RootElement).Select(j => (j.GetProperty("recipient").GetString(), j.GetProperty("content").GetString()!)).ToList();
        Assert.Equal(2, texts.Count);
        Assert.All(texts, t => Assert.Equal("33711223344", t.Item1));
        Assert.Contains(texts, t => t.Item2.Contains("position 1", StringComparison.Ordinal) && t.Item2.Contains($"https://maillage.example/ateliers/inscription/{waiting.ManagementToken}", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Item2.StartsWith("Une place s'est libérée", StringComparison.Ordinal));
    }
}
