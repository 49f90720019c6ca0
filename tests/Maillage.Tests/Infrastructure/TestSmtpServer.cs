using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Maillage.Tests.Infrastructure;

/// <summary>
/// The SMTP server the application sends to during tests: the one started by test.sh (MAILLAGE_TEST_SMTP_PORT and
/// MAILLAGE_TEST_SMTP_DIR), or else one aiosmtpd process started here, once per test process, on a free port with a
/// temp maildir — so the tests run the same from an IDE.
/// </summary>
public sealed class TestSmtpServer
{
    private static readonly Lazy<TestSmtpServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private TestSmtpServer(int port, string maildir)
    {
        Port = port;
        Maildir = maildir;
    }

    public static TestSmtpServer Instance => Shared.Value;

    public int Port { get; }

    /// <summary>Maildir of aiosmtpd's Mailbox handler: each message lands in new/.</summary>
    public string Maildir { get; }

    private static TestSmtpServer Start()
    {
        var envPort = Environment.GetEnvironmentVariable("MAILLAGE_TEST_SMTP_PORT");
        var envDir = Environment.GetEnvironmentVariable("MAILLAGE_TEST_SMTP_DIR");
        if (int.TryParse(envPort, out var port) && !string.IsNullOrWhiteSpace(envDir))
        {
            return new TestSmtpServer(port, envDir);
        }

        port = FreePort();
        var dir = Path.Combine(Path.GetTempPath(), $"maillage_smtp_{Guid.NewGuid():N}");
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            // A maildir: Python's mailbox.Maildir only creates these when the folder itself does not exist yet.
            Directory.CreateDirectory(Path.Combine(dir, sub));
        }
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

        // aiosmtpd runs under a small watchdog: when this test process ends, however it ends, its end of the stdin pipe
        // closes, and the server stops and removes its maildir. No server is ever left behind.
        const string watchdog = """
            import os, shutil, sys, threading, runpy
            maildir = sys.argv[-1]
            def watch():
                sys.stdin.read()
                shutil.rmtree(maildir, ignore_errors=True)
                os._exit(0)
            threading.Thread(target=watch, daemon=True).start()
            sys.argv = ["aiosmtpd"] + sys.argv[1:]
            runpy.run_module("aiosmtpd", run_name="__main__", alter_sys=True)
            """;
        var start = new ProcessStartInfo(python)
        {
            ArgumentList = { "-c", watchdog, "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", dir },
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd could not be started.");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                process.StandardInput.Close();
                process.WaitForExit(2000);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                // Already gone.
            }
        };

        // Wait until it accepts connections (it takes a moment to import), or fail with the reason.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd exited with code {process.ExitCode}: install python3-aiosmtpd (apt-get install python3-aiosmtpd).");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return new TestSmtpServer(port, dir);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
