using System.CommandLine;
using System.CommandLine.Parsing;
using Spectre.Console;

namespace EventFramework.Cli.CommandLine;

/// <summary>One command being run: its options, and the service's catalog when it needs one.</summary>
internal sealed class EfxInvocation(EfxContext context, ParseResult parsed)
{
    public EfxContext Context => context;

    public IAnsiConsole Console => context.Console;

    /// <summary>--json: JSON only on standard output.</summary>
    public bool Json => parsed.GetValue(context.Options.Json);

    /// <summary>A live progress bar only on an interactive terminal, and never with --json.</summary>
    public bool ShowsProgress => !Json && Console.Profile.Capabilities.Interactive;

    /// <summary>
    /// The service's catalog over the connection given. Fails with <see cref="EfxExitCode.NotAvailable"/>
    /// in the standalone efx, and <see cref="EfxExitCode.Usage"/> when no connection is given.
    /// </summary>
    public IProjectionCatalog OpenCatalog()
    {
        var command = string.Join(' ', parsed.Tokens.Where(t => t.Type == TokenType.Command).Select(t => t.Value));
        if (context.CatalogFactory is not { } factory)
            throw new EfxFailure(EfxExitCode.NotAvailable,
                $"'efx {command}' needs the service's projection code; run it through the service (e.g. 'dotnet run --project YourService -- efx {command}').");
        var value = parsed.GetValue(context.Options.Connection) ?? context.Environment(EfxConnection.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value))
            throw new EfxFailure(EfxExitCode.Usage,
                $"no connection: pass --connection or set {EfxConnection.EnvironmentVariable} (a PostgreSQL connection string or a SQLite file path).");
        EfxConnection connection;
        try { connection = EfxConnection.Parse(value); }
        catch (FormatException e) { throw new EfxFailure(EfxExitCode.Usage, e.Message); }
        return factory(connection);
    }

    /// <summary>The registered projection named <paramref name="name"/>, or <see cref="EfxExitCode.NotAvailable"/> naming the known ones.</summary>
    public static ProjectionInfo Find(IProjectionCatalog catalog, string name) =>
        catalog.Projections.FirstOrDefault(p => p.Name == name)
            ?? throw new EfxFailure(EfxExitCode.NotAvailable,
                $"no projection named '{name}' (known: {(catalog.Projections.Count == 0 ? "none" : string.Join(", ", catalog.Projections.Select(p => p.Name)))}).");
}
