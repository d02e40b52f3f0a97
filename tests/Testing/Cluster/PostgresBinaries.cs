using System.Diagnostics;
using System.Globalization;

namespace EventFramework.Testing.Cluster;

/// <summary>
/// The newest installed PostgreSQL server binaries, run as the cluster owner: the current user, or the
/// <c>postgres</c> user through <c>runuser</c> when the current user is root (initdb and postgres refuse root).
/// </summary>
internal sealed class PostgresBinaries
{
    private const string InstallRoot = "/usr/lib/postgresql";
    private const string OwnerWhenRoot = "postgres";

    private PostgresBinaries(string binDirectory) => BinDirectory = binDirectory;

    public string BinDirectory { get; }

    private static bool RunningAsRoot => Environment.UserName == "root";

    /// <summary>Finds the newest <c>/usr/lib/postgresql/*/bin</c> holding initdb, pg_ctl and postgres.</summary>
    public static PostgresBinaries FindNewest()
    {
        var candidates = Directory.Exists(InstallRoot) ? Directory.GetDirectories(InstallRoot) : [];
        var newest = candidates
            .Where(dir => new[] { "initdb", "pg_ctl", "postgres" }.All(tool => File.Exists(Path.Combine(dir, "bin", tool))))
            .Select(dir => (Bin: Path.Combine(dir, "bin"), Version: ParseVersion(Path.GetFileName(dir))))
            .OrderByDescending(c => c.Version)
            .FirstOrDefault();

        return newest.Bin is not null
            ? new PostgresBinaries(newest.Bin)
            : throw new InvalidOperationException(
                $"No PostgreSQL server binaries found under {InstallRoot}/*/bin. Run the tests with build/test.sh " +
                $"(it installs PostgreSQL when missing), install the 'postgresql' package, " +
                $"or set {PostgresServer.EnvironmentVariable} to the connection string of a server with wal_level=logical.");
    }

    /// <summary>Creates <paramref name="path"/> and hands it to the cluster owner.</summary>
    public static void CreateOwnedDirectory(string path)
    {
        Directory.CreateDirectory(path);
        if (RunningAsRoot)
        {
            Check(Run("chown", [$"{OwnerWhenRoot}:", path]), "chown");
        }
    }

    /// <summary>Runs a PostgreSQL tool as the cluster owner and throws with its output when it fails.</summary>
    public string Execute(string tool, params string[] arguments) => Check(TryExecute(tool, arguments), tool);

    /// <summary>Runs a PostgreSQL tool as the cluster owner and returns its exit code and output.</summary>
    public (int ExitCode, string Output) TryExecute(string tool, params string[] arguments)
    {
        var program = Path.Combine(BinDirectory, tool);
        return RunningAsRoot ? Run("runuser", ["-u", OwnerWhenRoot, "--", program, .. arguments]) : Run(program, arguments);
    }

    private static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments)
    {
        // /tmp: the owner may not be allowed into the caller's working directory (root's home).
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/tmp",
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.GetAwaiter().GetResult());
    }

    private static string Check((int ExitCode, string Output) result, string what) =>
        result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"{what} failed with exit code {result.ExitCode}:\n{result.Output}");

    private static decimal ParseVersion(string name) =>
        decimal.TryParse(name, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var version) ? version : -1;
}
