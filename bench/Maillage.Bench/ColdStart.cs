using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Maillage.Bench;

/// <summary>
/// The "coldstart" verb: starts the built application as a separate process (Production, SQLite database already migrated),
/// measures the time from process start to the first answers of /health and /, then its resident memory when idle.
/// Everything stays on 127.0.0.1.
/// </summary>
public static class ColdStart
{
    /// <summary>A 40-character key for the measurements only (Production refuses to start without one).</summary>
    public const string TestSigningKey = "banc-d-essai-cle-de-test-0123456789abcde";

    private static readonly string[] Pages = ["/", "/connexion", "/openapi/v1.json"];

    /// <summary>Warnings and errors logged by the measured app, shown once at the end.</summary>
    private static readonly HashSet<string> Problems = new(StringComparer.Ordinal);

    private sealed record Run(
        double HealthMs,
        double RootMs,
        int RootStatus,
        double CpuAtRootMs,
        double RssIdleMb,
        double RssAfterPagesMb,
        double PeakRssMb,
        string PageStatuses,
        int Threads);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var runs = args.GetInt("runs", 5);
        var idle = TimeSpan.FromSeconds(args.GetInt("idle", 10));
        var timeout = TimeSpan.FromSeconds(args.GetInt("timeout", 60));
        var db = Path.GetFullPath(args.Get("db") ?? "/tmp/bench/national.db");
        var app = Path.GetFullPath(args.Get("app") ?? Path.Combine(BenchArgs.RepositoryRoot(), "src/Maillage/bin/Release/net10.0/Maillage.dll"));
        if (!File.Exists(db))
        {
            throw new BenchUsageException($"Base introuvable : {db}. Générez-la d'abord (generate --scale national).");
        }

        if (!File.Exists(app))
        {
            throw new BenchUsageException($"Application introuvable : {app}. Compilez d'abord en Release (dotnet build -c Release).");
        }

        var extraEnv = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in args.GetAll("env"))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new BenchUsageException($"--env attend CLE=VALEUR (reçu « {pair} »).");
            }

            extraEnv[pair[..eq]] = pair[(eq + 1)..];
        }

        Console.WriteLine($"Démarrage à froid : {app}");
        Console.WriteLine($"Base : {db} ({new FileInfo(db).Length / 1024.0 / 1024.0:F1} Mio), {runs} exécution(s), repos {idle.TotalSeconds:F0} s");
        foreach (var (k, v) in extraEnv)
        {
            Console.WriteLine($"  env {k}={v}");
        }

        using var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(1),
            PooledConnectionLifetime = TimeSpan.Zero,
        })
        { Timeout = timeout };

        // JIT the client's own path before the first measured run (a refused connection is enough).
        await TryGetAsync(http, $"http://127.0.0.1:{FreePort()}/health");

        Console.WriteLine($"Charge de la machine au début (loadavg 1/5/15 min) : {LoadAverage()}");
        var results = new List<Run>();
        for (var i = 1; i <= runs; i++)
        {
            var run = await MeasureOnceAsync(http, app, db, extraEnv, idle, timeout);
            results.Add(run);
            Console.WriteLine(
                $"  n° {i} : /health {run.HealthMs,6:F0} ms, / {run.RootMs,6:F0} ms (HTTP {run.RootStatus}, CPU {run.CpuAtRootMs:F0} ms), " +
                $"RSS repos {run.RssIdleMb:F0} Mio, après pages {run.RssAfterPagesMb:F0} Mio (pic {run.PeakRssMb:F0} Mio), " +
                $"{run.Threads} threads, pages {run.PageStatuses}");
        }

        Console.WriteLine($"Charge de la machine à la fin (loadavg 1/5/15 min) : {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| Mesure | Médiane | Min | Max |");
        Console.WriteLine("|---|---:|---:|---:|");
        Row("Première réponse de `/health` (ms)", results.Select(r => r.HealthMs));
        Row("Première réponse de `/` (ms)", results.Select(r => r.RootMs));
        Row("Temps CPU consommé à la première réponse de `/` (ms)", results.Select(r => r.CpuAtRootMs));
        Row($"RSS au repos, {idle.TotalSeconds:F0} s après démarrage (Mio)", results.Select(r => r.RssIdleMb));
        Row($"RSS au repos après {string.Join(", ", Pages.Select(p => $"`{p}`"))} + {idle.TotalSeconds:F0} s (Mio)", results.Select(r => r.RssAfterPagesMb));
        Row("Pic de RSS, VmHWM (Mio)", results.Select(r => r.PeakRssMb));
        Console.WriteLine();
        Console.WriteLine($"Statut HTTP de la première réponse de / : {string.Join(", ", results.Select(r => r.RootStatus).Distinct())}");
        lock (Problems)
        {
            Console.WriteLine(Problems.Count == 0 ? "Journal de l'application : aucun avertissement ni erreur." : $"Journal de l'application : {Problems.Count} avertissement(s) ou erreur(s) distinct(s) :");
            foreach (var problem in Problems)
            {
                Console.WriteLine("  " + problem);
            }
        }

        return 0;
    }

    private static async Task<Run> MeasureOnceAsync(HttpClient http, string app, string db, Dictionary<string, string> extraEnv, TimeSpan idle, TimeSpan timeout)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var psi = AppStartInfo(app, db, baseUrl, [], extraEnv);

        var output = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            if (line.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal) || line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)
                || line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal) || line.StartsWith("warn:", StringComparison.Ordinal)
                || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            {
                lock (Problems)
                {
                    Problems.Add(line.Length > 240 ? line[..240] + "…" : line);
                }
            }

            lock (output)
            {
                output.Enqueue(line);
                if (output.Count > 40)
                {
                    output.Dequeue();
                }
            }
        }

        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var healthMs = await PollAsync(http, process, baseUrl + "/health", clock, timeout, status => status == 200, output);
            var root = await PollStatusAsync(http, process, baseUrl + "/", clock, timeout, output);
            var cpu = CpuMilliseconds(process.Id);

            await Task.Delay(idle);
            var rssIdle = StatusValueMb(process.Id, "VmRSS");

            var statuses = new List<string>();
            foreach (var page in Pages)
            {
                var started = Stopwatch.GetTimestamp();
                var (status, _) = await TryGetAsync(http, baseUrl + page);
                statuses.Add($"{page} {status} en {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
            }

            await Task.Delay(idle);
            var rssAfter = StatusValueMb(process.Id, "VmRSS");
            var peak = StatusValueMb(process.Id, "VmHWM");
            var threads = (int)StatusValue(process.Id, "Threads");
            return new Run(healthMs, root.Ms, root.Status, cpu, rssIdle, rssAfter, peak, string.Join(", ", statuses), threads);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// How the measured application is started: the built dll in Production on a SQLite file, on one loopback address, with
    /// nothing inherited that would change its address, migrate or seed it.
    /// </summary>
    internal static ProcessStartInfo AppStartInfo(string app, string db, string baseUrl, IEnumerable<string> extraArgs, IReadOnlyDictionary<string, string> extraEnv)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(app);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(baseUrl);
        foreach (var argument in extraArgs)
        {
            psi.ArgumentList.Add(argument);
        }

        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_URLS", "Database__MigrateAtStartup", "Demo__Enabled" })
        {
            psi.Environment.Remove(inherited);
        }

        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Security__SigningKey"] = TestSigningKey;
        psi.Environment["Database__Provider"] = "Sqlite";
        psi.Environment["ConnectionStrings__Default"] = $"Data Source={db}";
        foreach (var (k, v) in extraEnv)
        {
            psi.Environment[k] = v;
        }

        return psi;
    }

    /// <summary>Polls every 10 ms until the URL answers with an accepted status; returns the elapsed milliseconds since process start.</summary>
    internal static async Task<double> PollAsync(HttpClient http, Process process, string url, Stopwatch clock, TimeSpan timeout, Func<int, bool> accept, Queue<string> output)
    {
        while (true)
        {
            var (status, _) = await TryGetAsync(http, url);
            if (status > 0 && accept(status))
            {
                return clock.Elapsed.TotalMilliseconds;
            }

            Fail(process, url, clock, timeout, output);
            await Task.Delay(10);
        }
    }

    /// <summary>Polls every 10 ms until the URL answers at all; a 2xx or 3xx counts as a successful answer, anything else is reported.</summary>
    private static async Task<(double Ms, int Status)> PollStatusAsync(HttpClient http, Process process, string url, Stopwatch clock, TimeSpan timeout, Queue<string> output)
    {
        while (true)
        {
            var (status, _) = await TryGetAsync(http, url);
            if (status > 0 && status != 503)
            {
                return (clock.Elapsed.TotalMilliseconds, status);
            }

            Fail(process, url, clock, timeout, output);
            await Task.Delay(10);
        }
    }

    private static void Fail(Process process, string url, Stopwatch clock, TimeSpan timeout, Queue<string> output)
    {
        if (!process.HasExited && clock.Elapsed < timeout)
        {
            return;
        }

        string tail;
        lock (output)
        {
            tail = string.Join(Environment.NewLine, output);
        }

        var why = process.HasExited ? $"l'application s'est arrêtée (code {process.ExitCode})" : $"pas de réponse de {url} après {timeout.TotalSeconds:F0} s";
        throw new InvalidOperationException($"Mesure impossible : {why}.{Environment.NewLine}{tail}");
    }

    private static async Task<(int Status, string? Error)> TryGetAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
            return ((int)response.StatusCode, null);
        }
        catch (HttpRequestException e)
        {
            return (0, e.Message);
        }
        catch (TaskCanceledException e)
        {
            return (0, e.Message);
        }
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double StatusValueMb(int pid, string field) => StatusValue(pid, field) / 1024.0;

    /// <summary>A numeric field of /proc/&lt;pid&gt;/status (kB for memory fields).</summary>
    private static long StatusValue(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var value = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{field} absent de /proc/{pid}/status");
    }

    /// <summary>User + system CPU time of the process so far (/proc/&lt;pid&gt;/stat, in clock ticks of 10 ms).</summary>
    internal static double CpuMilliseconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // After "pid (comm) ", utime and stime are the 12th and 13th fields.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 10.0;
    }

    private static void Row(string label, IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {median:F0} | {sorted[0]:F0} | {sorted[^1]:F0} |"));
    }
}
