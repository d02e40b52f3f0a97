using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using EventFramework.Cli.Projections;
using EventFramework.Cli.Sagas;
using Spectre.Console;

namespace EventFramework.Cli.CommandLine;

/// <summary>
/// The efx command tree: parses, reports usage errors as exit code 2 with one line on standard
/// error, and runs the chosen command. <paramref name="catalog"/> is null in the standalone efx,
/// which knows no projection code.
/// </summary>
internal sealed class EfxCommandLine(
    Func<EfxConnection, IProjectionCatalog>? catalog,
    IAnsiConsole console,
    TextWriter error,
    Func<string, string?>? environment = null)
{
    /// <summary>Runs <paramref name="args"/> with Ctrl+C and SIGTERM cancelling the command.</summary>
    public async Task<int> RunUntilInterrupted(IReadOnlyList<string> args)
    {
        using var interruption = new Interruption();
        return await Run(args, interruption.Token).ConfigureAwait(false);
    }

    public async Task<int> Run(IReadOnlyList<string> args, CancellationToken ct = default)
    {
        var context = new EfxContext(catalog, console, error, environment ?? Environment.GetEnvironmentVariable, new GlobalOptions());
        var parsed = Root(context).Parse(args);
        if (parsed.Action is not HelpWithExitCodes && parsed.Errors.Count > 0)
            return context.Report(new EfxFailure(EfxExitCode.Usage, $"{UsageError(parsed)} (see efx --help)."));
        var invocation = new InvocationConfiguration
        {
            Output = console.Profile.Out.Writer,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // signals are ours (Interruption), so the command can end cleanly
        };
        return await parsed.InvokeAsync(invocation, ct).ConfigureAwait(false);
    }

    /// <summary>The first thing wrong with the command line, in one sentence.</summary>
    private static string UsageError(ParseResult parsed)
    {
        if (parsed.UnmatchedTokens.Count > 0) return $"unknown command or option '{parsed.UnmatchedTokens[0]}'";
        var command = parsed.CommandResult.Command;
        if (command.Subcommands.Count > 0 && command.Action is null)
        {
            var path = string.Join(' ', parsed.Tokens.Where(t => t.Type == TokenType.Command).Select(t => t.Value).Prepend("efx"));
            return $"'{path}' needs a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))}";
        }
        return parsed.Errors[0].Message.TrimEnd('.');
    }

    /// <summary>The root is named "efx" whatever the process is (the standalone tool, or a service passing its arguments on).</summary>
    private static Command Root(EfxContext context)
    {
        var help = new HelpOption();
        if (help.Action is HelpAction standard)
        {
            standard.MaxWidth = context.Console.Profile.Width;
            help.Action = new HelpWithExitCodes(standard);
        }
        return new Command("efx", "Operate EventFramework projections: status, rebuild, reset, parked events and replay.")
        {
            help,
            new VersionOption(),
            context.Options.Connection,
            context.Options.Json,
            ProjectionsCommand.Create(context),
            SagasCommand.Create(context),
        };
    }
}
