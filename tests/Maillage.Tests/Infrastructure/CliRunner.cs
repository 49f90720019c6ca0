using System.Diagnostics;
using System.Reflection;
using System.Text;
using Maillage.Cli;

namespace Maillage.Tests.Infrastructure;

/// <summary>
/// Runs the verbs of the maillage binary on a test database. <see cref="RunAsync"/> runs them in-process through the
/// same entry point as Program (CliCommands.RunAsync) with writers and settings of its own, which spares a child
/// process and its EF Core model build (about 2.5 s a call); <see cref="RunBinaryAsync"/> runs the real binary as a child
/// process, for what only a process proves (environment variables, standard input, the entry point itself).
/// </summary>
public static class CliRunner
{
    public sealed record CliResult(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }

    private static readonly string[] EnvironmentKeys = ["ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    /// <summary>
    /// In-process. <paramref name="environment"/> is read as the binary would read it: ASPNETCORE_ENVIRONMENT names the
    /// host environment, and every other variable is a setting ("Territoires__Departements__0" is Territoires:Departements:0).
    /// </summary>
    public static async Task<CliResult> RunAsync(TestDatabase database, string[] args, string? stdin = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.ProviderName,
            ["ConnectionStrings:Default"] = database.ConnectionString,
            ["Security:SigningKey"] = MaillageFactory.SigningKey,
            ["Security:PasswordHashIterations"] = MaillageFactory.PasswordHashIterations,
            ["Demo:Enabled"] = "false",
        };
        var environmentName = "Testing";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (EnvironmentKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                environmentName = value ?? environmentName;
            }
            else
            {
                settings[key.Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }

        // Text and raw bytes (export-places to standard output) share one stream, in the order they were written, as on a console.
        using var stdout = new MemoryStream();
        await using var output = new StreamWriter(stdout, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
        await using var error = new StringWriter();
        var context = new CliContext
        {
            Output = output,
            Error = error,
            Input = new StringReader(stdin ?? ""),
            OpenStandardOutput = () => stdout,
            EnvironmentName = environmentName,
            ContentRootPath = Path.GetDirectoryName(AppBinary()),
            Settings = settings,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var exit = await CliCommands.RunAsync(args, context).WaitAsync(timeout.Token);
        await output.FlushAsync();
        stdout.Position = 0;
        using var reader = new StreamReader(stdout, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return new CliResult(exit, await reader.ReadToEndAsync(), error.ToString());
    }

    /// <summary>The real binary (dotnet Maillage.dll VERB …) as a child process, configured by environment variables for that process only.</summary>
    public static async Task<CliResult> RunBinaryAsync(TestDatabase database, string[] args, string? stdin = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var app = AppBinary();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only this child's environment: nothing leaks into the other tests of the process.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Database__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Smtp__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Database__Provider"] = database.ProviderName;
        start.Environment["ConnectionStrings__Default"] = database.ConnectionString;
        start.Environment["Security__SigningKey"] = MaillageFactory.SigningKey;
        start.Environment["Security__PasswordHashIterations"] = MaillageFactory.PasswordHashIterations;
        start.Environment["Demo__Enabled"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"maillage {string.Join(' ', args)} did not finish within 2 minutes.");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The application's own build output (src/Maillage/bin/&lt;Configuration&gt;/net10.0/Maillage.dll), with its appsettings.json.</summary>
    private static string AppBinary()
    {
        var configuration = typeof(CliRunner).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Maillage.slnx")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Maillage.slnx not found above " + AppContext.BaseDirectory);
        }

        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var app = Path.Combine(dir.FullName, "src", "Maillage", "bin", configuration, framework, "Maillage.dll");
        return File.Exists(app) ? app : throw new FileNotFoundException("Build the application first (dotnet build Maillage.slnx).", app);
    }
}
