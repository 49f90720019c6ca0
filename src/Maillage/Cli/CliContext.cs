using Maillage.Shared.Web;

namespace Maillage.Cli;

/// <summary>
/// Where a verb reads and writes, and how its host is configured. The binary uses the console and the process's own
/// configuration (appsettings, environment variables); the tests run the same verbs in-process with writers and settings
/// of their own, so that nothing global (environment, console) changes for the other tests of the process.
/// </summary>
public sealed class CliContext
{
    public static CliContext Console { get; } = new();

    public TextWriter Output { get; init; } = System.Console.Out;

    public TextWriter Error { get; init; } = System.Console.Error;

    public TextReader Input { get; init; } = System.Console.In;

    /// <summary>Whether something was given on the input (a password piped to create-admin), as opposed to a terminal.</summary>
    public bool InputGiven => Input != System.Console.In || System.Console.IsInputRedirected;

    /// <summary>The raw standard output, for exports written as bytes. The caller flushes it and does not dispose it.</summary>
    public Func<Stream> OpenStandardOutput { get; init; } = System.Console.OpenStandardOutput;

    /// <summary>Host environment (Development, Production…); null keeps the process's (ASPNETCORE_ENVIRONMENT).</summary>
    public string? EnvironmentName { get; init; }

    /// <summary>Content root (where appsettings.json is read); null keeps the working directory.</summary>
    public string? ContentRootPath { get; init; }

    /// <summary>Settings laid over every other configuration source ("Database:Provider" → "sqlite").</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Builds the same services as the web host, runs the action in a scope and disposes everything.</summary>
    public async Task<int> WithServices(Func<IServiceProvider, Task<int>> action)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = EnvironmentName, ContentRootPath = ContentRootPath });
        if (Settings.Count > 0)
        {
            builder.Configuration.AddInMemoryCollection(Settings);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddMaillageServices();
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}
