using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Maillage.Tests.Features.Lieux.Geocoding;

/// <summary>
/// A real HTTP server on a free loopback port standing in for the BAN: it answers every request with
/// <see cref="Respond"/> (by default the recorded file set in <see cref="File"/>) and keeps what it was asked.
/// </summary>
public sealed class FakeBanServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeBanServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Path and query of each request received, in order.</summary>
    public ConcurrentQueue<(string PathAndQuery, string UserAgent)> Requests { get; } = new();

    public string File { get; set; } = "empty.json";

    public Func<HttpContext, Task>? Respond { get; set; }

    public static async Task<FakeBanServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeBanServer(app);
        app.Run(async context =>
        {
            server.Requests.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers.UserAgent.ToString()));
            if (server.Respond is { } respond)
            {
                await respond(context);
                return;
            }

            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.SendFileAsync(Recorded(server.File));
        });
        await app.StartAsync();
        server.Url = app.Urls.Single();
        return server;
    }

    /// <summary>A recorded answer of tests/Maillage.Tests/Features/Lieux/Geocoding/Ban, read from the source tree.</summary>
    public static string Recorded(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "Maillage.slnx")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Maillage.slnx not found."),
            "tests", "Maillage.Tests", "Features", "Lieux", "Geocoding", "Ban", name);
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException("Recorded BAN answer missing.", path);
    }

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>Keeps the log lines written through it, to check what the geocoder reports.</summary>
public sealed class LogCollector : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, category, formatter(state, exception)));
    }
}
