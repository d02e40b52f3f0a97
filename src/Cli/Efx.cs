using EventFramework.Cli.CommandLine;
using Spectre.Console;

namespace EventFramework.Cli;

/// <summary>
/// The efx commands, run from a service's own <c>Main</c> so the commands that apply events
/// (rebuild, reset, replay) have the service's projections:
/// <code>
/// if (args is ["efx", ..]) return await Efx.Run(args[1..], connection => BuildCatalog(connection));
/// </code>
/// </summary>
public static class Efx
{
    /// <summary>
    /// Parses <paramref name="args"/> (<c>projections list | status [NAME] | rebuild NAME | reset NAME
    /// | parked NAME | replay NAME</c>, with <c>--connection</c>, <c>--json</c>, <c>--help</c>), builds
    /// the catalog through <paramref name="catalog"/> when a command needs it, runs the command and
    /// returns an <see cref="EfxExitCode"/>. Output goes to <paramref name="console"/> (the terminal
    /// by default), the one-line failure reason to <paramref name="error"/> (standard error by default).
    /// </summary>
    public static Task<int> Run(string[] args, Func<EfxConnection, IProjectionCatalog> catalog, IAnsiConsole? console = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EfxCommandLine(catalog, console ?? AnsiConsole.Console, error ?? Console.Error).RunUntilInterrupted(args);
    }
}
