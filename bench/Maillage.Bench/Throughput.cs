using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Maillage.Bench;

/// <summary>
/// The "places-throughput" verb: the built application (Release, Production) serves the generated places database; wrk drives
/// <c>/api/v1/lieux</c> with varied points, then a static file of the same size from the same server, alternately, so that the
/// ratio says what the search costs beyond plain HTTP on this machine.
/// </summary>
public static partial class Throughput
{
    private const string StaticName = "banc-lieux-statique.json";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var db = Path.GetFullPath(args.Get("db") ?? Places.DefaultDatabase);
        var app = Path.GetFullPath(args.Get("app") ?? Path.Combine(BenchArgs.RepositoryRoot(), "src/Maillage/bin/Release/net10.0/Maillage.dll"));
        var duration = args.GetInt("duration", 20);
        var connections = args.GetInt("connections", 32);
        var threads = args.GetInt("threads", 2);
        var rounds = args.GetInt("rounds", 2);
        if (!File.Exists(db))
        {
            throw new BenchUsageException($"Base introuvable : {db}. Générez-la d'abord (places-generate).");
        }

        if (!File.Exists(app))
        {
            throw new BenchUsageException($"Application introuvable : {app}. Compilez d'abord en Release (dotnet build -c Release).");
        }

        if (!File.Exists("/usr/bin/wrk"))
        {
            throw new BenchUsageException("wrk est introuvable : sudo apt-get install wrk");
        }

        var work = Directory.CreateDirectory("/tmp/bench/debit").FullName;
        var webRoot = Directory.CreateDirectory(Path.Combine(work, "www")).FullName;
        var urls = SampleUrls(db, 500, 20261123);
        var script = Path.Combine(work, "lieux.lua");
        await File.WriteAllTextAsync(script, LuaScript(urls));

        var port = ColdStart.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var output = new Queue<string>();
        using var process = StartApp(app, db, webRoot, baseUrl, output);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            await ColdStart.PollAsync(http, process, baseUrl + "/health", Stopwatch.StartNew(), TimeSpan.FromSeconds(60), s => s == 200, output);

            // The static file is a real answer of the API of median size, so both sides send the same bytes.
            var sizes = new List<(int Size, string Body)>();
            foreach (var url in urls.Take(40))
            {
                var body = await http.GetStringAsync(baseUrl + url);
                sizes.Add((Encoding.UTF8.GetByteCount(body), body));
            }

            var median = sizes.OrderBy(s => s.Size).ElementAt(sizes.Count / 2);
            await File.WriteAllTextAsync(Path.Combine(webRoot, StaticName), median.Body);
            var staticStatus = (int)(await http.GetAsync(baseUrl + "/" + StaticName)).StatusCode;
            if (staticStatus != 200)
            {
                throw new InvalidOperationException($"Le fichier statique répond {staticStatus}.");
            }

            var average = sizes.Average(s => s.Size);
            Console.WriteLine($"Application : {app}");
            Console.WriteLine($"Base : {db}; {urls.Count} requêtes différentes (point tiré parmi les lieux, rayon 10 km, un service, ouvert maintenant, page de 25)");
            Console.WriteLine($"Taille des réponses JSON : moyenne {average / 1024:F1} Kio, fichier statique {median.Size / 1024.0:F1} Kio (réponse médiane)");
            Console.WriteLine($"wrk : {connections} connexions, {threads} threads, {duration} s par mesure, {rounds} tour(s), échauffement 5 s chacun");
            Console.WriteLine($"Charge de la machine au début (loadavg 1/5/15 min) : {ColdStart.LoadAverage()}");

            await RunWrkAsync(baseUrl + "/", script, connections, threads, 5);
            await RunWrkAsync(baseUrl + "/" + StaticName, null, connections, threads, 5);
            var api = new List<WrkResult>();
            var files = new List<WrkResult>();
            for (var round = 1; round <= rounds; round++)
            {
                var a = await RunWrkAsync(baseUrl + "/", script, connections, threads, duration);
                var f = await RunWrkAsync(baseUrl + "/" + StaticName, null, connections, threads, duration);
                api.Add(a);
                files.Add(f);
                Console.WriteLine($"  tour {round} : API {a.RequestsPerSecond,8:F0} req/s (p50 {a.P50Ms:F1} ms, p99 {a.P99Ms:F1} ms, erreurs {a.Errors}), " +
                    $"statique {f.RequestsPerSecond,8:F0} req/s (p50 {f.P50Ms:F1} ms, p99 {f.P99Ms:F1} ms, erreurs {f.Errors}), rapport {a.RequestsPerSecond / f.RequestsPerSecond:F2}");
            }

            Console.WriteLine($"Charge de la machine à la fin (loadavg 1/5/15 min) : {ColdStart.LoadAverage()}");
            var apiRate = api.Average(r => r.RequestsPerSecond);
            var fileRate = files.Average(r => r.RequestsPerSecond);
            Console.WriteLine();
            Console.WriteLine("| Cible | req/s (moyenne) | p50 (ms) | p99 (ms) | Réponses non 2xx ou erreurs |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            Console.WriteLine($"| `/api/v1/lieux` | {apiRate:F0} | {api.Average(r => r.P50Ms):F1} | {api.Average(r => r.P99Ms):F1} | {api.Sum(r => r.Errors)} |");
            Console.WriteLine($"| fichier statique, même taille | {fileRate:F0} | {files.Average(r => r.P50Ms):F1} | {files.Average(r => r.P99Ms):F1} | {files.Sum(r => r.Errors)} |");
            Console.WriteLine();
            Console.WriteLine($"Rapport API / statique : {apiRate / fileRate:F2} (objectif ≥ 0,5 : {(apiRate / fileRate >= 0.5 ? "atteint" : "non atteint")})");
            return 0;
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

    private sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

    private static Process StartApp(string app, string db, string webRoot, string baseUrl, Queue<string> output)
    {
        var psi = ColdStart.AppStartInfo(app, db, baseUrl, ["--webroot", webRoot], new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // The per-address limit protects production; one local load generator would only measure 429 answers.
            ["RateLimiting__PublicPerMinute"] = "100000000",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        var process = new Process { StartInfo = psi };
        void Keep(string? line)
        {
            lock (output)
            {
                if (line is not null)
                {
                    output.Enqueue(line);
                }

                while (output.Count > 40)
                {
                    output.Dequeue();
                }
            }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Search URLs around points drawn among the published places (so that every answer has results), with one service and "open now".</summary>
    private static List<string> SampleUrls(string db, int count, int seed)
    {
        var random = new Random(seed);
        var points = new List<(double Lat, double Lon, string? Services)>();
        using (var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"Latitude\", \"Longitude\", \"Services\" FROM \"Places\" WHERE \"IsPublished\" AND \"Latitude\" IS NOT NULL ORDER BY \"Id\"";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                points.Add((reader.GetDouble(0), reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        if (points.Count == 0)
        {
            throw new BenchUsageException("La base ne contient aucun lieu publié avec des coordonnées.");
        }

        var urls = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var (lat, lon, services) = points[random.Next(points.Count)];
            var codes = (services ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries);
            var service = codes.Length == 0 ? "" : "&services=" + Uri.EscapeDataString(codes[random.Next(codes.Length)]);
            urls.Add(string.Create(CultureInfo.InvariantCulture, $"/api/v1/lieux?lat={lat + (random.NextDouble() - 0.5) * 0.02:F5}&lon={lon + (random.NextDouble() - 0.5) * 0.02:F5}&rayon_km=10{service}&ouvert_maintenant=true"));
        }

        return urls;
    }

    private static string LuaScript(IReadOnlyList<string> urls)
    {
        var sb = new StringBuilder("local paths = {\n");
        foreach (var url in urls)
        {
            sb.Append("  \"").Append(url.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\",\n");
        }

        sb.Append("}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n");
        return sb.ToString();
    }

    private static async Task<WrkResult> RunWrkAsync(string url, string? script, int connections, int threads, int seconds)
    {
        var psi = new ProcessStartInfo("/usr/bin/wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", seconds + "s", "--latency" })
        {
            psi.ArgumentList.Add(a);
        }

        if (script is not null)
        {
            psi.ArgumentList.Add("-s");
            psi.ArgumentList.Add(script);
        }

        psi.ArgumentList.Add(url);
        using var wrk = Process.Start(psi)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var rate = Number(RequestsPerSecond().Match(output), "Requests/sec", output);
        var errors = 0L;
        var non2xx = Non2xx().Match(output);
        if (non2xx.Success)
        {
            errors += long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        foreach (Match m in SocketErrors().Matches(output))
        {
            errors += long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return new WrkResult(rate, Latency(output, "50%"), Latency(output, "99%"), errors);
    }

    private static double Number(Match match, string what, string output) =>
        match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException($"Sortie de wrk sans « {what} » :\n{output}");

    /// <summary>A percentile line of wrk's latency distribution ("50%  1.23ms"), in milliseconds.</summary>
    private static double Latency(string output, string percentile)
    {
        var m = Regex.Match(output, @"^\s*" + Regex.Escape(percentile) + @"\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!m.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrors();
}
