using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;

namespace EventFramework.Testing.Cluster;

/// <summary>
/// A throw-away PostgreSQL cluster owned by this test process, in <c>/tmp/eventframework-postgres-{user}/{pid}-{id}</c>.
/// The owner's pid in the directory name is what the watchdog and the stale sweep go by.
/// </summary>
internal sealed class PrivateCluster
{
    private const int SigQuit = 3;

    // Under /tmp rather than $TMPDIR: the postgres user must be able to reach it when we run as root.
    // One root per user, so that the sweep only ever meets clusters this user started.
    private static readonly string Root = $"/tmp/eventframework-postgres-{Environment.UserName}";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly PostgresBinaries _binaries;
    private readonly string _directory;

    private PrivateCluster(PostgresBinaries binaries, string directory)
    {
        _binaries = binaries;
        _directory = directory;
    }

    public string ConnectionString { get; private set; } = "";

    private string DataDirectory => Path.Combine(_directory, "data");

    private string PidFile => Path.Combine(DataDirectory, "postmaster.pid");

    private string LogFile => Path.Combine(_directory, "postgres.log");

    /// <summary>Sweeps stale clusters, then initialises and starts a new one; waits until it accepts connections.</summary>
    public static PrivateCluster Start()
    {
        var binaries = PostgresBinaries.FindNewest();
        Directory.CreateDirectory(Root);
        SweepStale(binaries);

        var cluster = new PrivateCluster(binaries, Path.Combine(Root, $"{Environment.ProcessId}-{Guid.NewGuid():N}"));
        PostgresBinaries.CreateOwnedDirectory(cluster._directory);
        StartWatchdog(cluster._directory);
        try
        {
            binaries.Execute("initdb", "-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust",
                "--no-locale", "--encoding=UTF8", "--no-sync", "--no-instructions");
            cluster.StartServer();
            return cluster;
        }
        catch
        {
            cluster.Stop();
            throw;
        }
    }

    /// <summary>
    /// Stops the server at once (SIGQUIT, immediate shutdown: nothing in it is worth a checkpoint) and deletes the
    /// directory. Fast on purpose: the test host gives <see cref="AppDomain.ProcessExit"/> only a moment.
    /// </summary>
    public void Stop()
    {
        var postmaster = RunningPostmaster();
        if (postmaster is { } pid && SendSignal(pid, SigQuit) == 0)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            // The postmaster removes its pid file as it exits; the pid itself may linger as a zombie.
            while (File.Exists(PidFile) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the watchdog or the next sweep gets another go.
        }
    }

    /// <summary>The postmaster's pid, if one is running on this data directory (guards against a reused pid).</summary>
    private int? RunningPostmaster()
    {
        try
        {
            var pid = int.Parse(File.ReadLines(PidFile).First(), CultureInfo.InvariantCulture);
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(DataDirectory, StringComparison.Ordinal) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private void StartServer()
    {
        // A free port can be taken by someone else before postgres binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var options = string.Join(' ',
                $"-p {port}",
                "-c listen_addresses=127.0.0.1",
                $"-c unix_socket_directories={_directory}",
                "-c wal_level=logical",
                "-c max_connections=300",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_wal_senders=10",
                "-c max_replication_slots=10");
            var (exitCode, output) = _binaries.TryExecute("pg_ctl", "start", "-D", DataDirectory, "-l", LogFile,
                "-w", "-t", ((int)StartTimeout.TotalSeconds).ToString(), "-o", options);
            if (exitCode == 0)
            {
                ConnectionString = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = "postgres",
                    Database = "postgres",
                }.ConnectionString;
                return;
            }

            var log = File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no server log)";
            if (attempt < 3 && log.Contains("could not bind", StringComparison.Ordinal))
            {
                File.Delete(LogFile);
                continue;
            }

            throw new InvalidOperationException(
                $"The private PostgreSQL cluster in {_directory} did not accept connections within {StartTimeout.TotalSeconds:0} s " +
                $"(pg_ctl exit code {exitCode}).\npg_ctl: {output}\nServer log:\n{log}");
        }
    }

    /// <summary>
    /// A shell, detached from this process's tree so that killing the test run does not kill it too, that waits
    /// for this process to end, then stops the cluster (SIGQUIT: immediate shutdown) and deletes the directory.
    /// </summary>
    private static void StartWatchdog(string directory)
    {
        const string Watch = """
            while kill -0 "$1" 2>/dev/null; do sleep 1; done
            pid=$(head -n 1 "$2/data/postmaster.pid" 2>/dev/null) && grep -qaF "$2/data" "/proc/$pid/cmdline" && kill -QUIT "$pid"
            for _ in 1 2 3 4 5 6 7 8 9 10; do [ -e "$2/data/postmaster.pid" ] || break; sleep 1; done
            rm -rf "$2"
            """;
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList =
            {
                "-c", """setsid /bin/sh -c "$0" watchdog "$1" "$2" </dev/null >/dev/null 2>&1 &""",
                Watch, Environment.ProcessId.ToString(), directory,
            },
            WorkingDirectory = "/tmp",
        };
        using var launcher = Process.Start(start) ?? throw new InvalidOperationException("Could not start the cluster watchdog.");
        launcher.WaitForExit();
    }

    /// <summary>Stops and deletes clusters whose test process is gone (a killed run whose watchdog died too).</summary>
    private static void SweepStale(PostgresBinaries binaries)
    {
        foreach (var directory in Directory.GetDirectories(Root))
        {
            var name = Path.GetFileName(directory);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name[..dash], out var owner) && !Directory.Exists($"/proc/{owner}"))
            {
                new PrivateCluster(binaries, directory).Stop();
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
