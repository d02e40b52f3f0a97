using EventFramework.Cli.CommandLine;
using Spectre.Console.Testing;

namespace EventFramework.Cli.Tests;

/// <summary>
/// A service's projections in memory (totals in 2 partitions, balances with poison amounts) and
/// efx run against them: the catalog factory is the seam an end-to-end test swaps for a real database.
/// </summary>
public sealed class EfxHarness
{
    public const string Connection = "Host=localhost;Database=efx_tests";

    private readonly EventSerializer _serializer = new(new TypeRegistry().Register<Deposited>());
    private readonly InMemoryProjectionSink _sink = new();

    public InMemoryEventStore Store { get; } = new();

    public Balances Balances { get; } = new();

    /// <summary>What balances does with a poison event (parks its stream by default).</summary>
    public PoisonPolicy BalancesOnPoison { get; set; } = PoisonPolicy.ParkStream;

    /// <summary>The environment efx sees (nothing by default, whatever the test process has).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>The connections the catalog factory was called with.</summary>
    public List<EfxConnection> Connections { get; } = [];

    /// <summary>Replaces the catalog factory (e.g. to throw as an unreachable database would).</summary>
    public Func<EfxConnection, IProjectionCatalog>? Factory { get; set; }

    public IProjectionCatalog Catalog(EfxConnection connection)
    {
        Connections.Add(connection);
        var fast = new ProjectionOptions { BatchSize = 50, MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(1), Subscription = new() { PollInterval = TimeSpan.FromMilliseconds(20) } };
        return new ProjectionCatalog<InMemoryDocuments>(Store, _sink, _serializer)
            .Add(new Totals(), fast with { Partitions = 2 })
            .Add(Balances, fast with { OnPoison = BalancesOnPoison });
    }

    public async Task Deposit(params long[] amounts)
    {
        for (var i = 0; i < amounts.Length; i++)
            await Store.Append(_serializer, new StreamName($"Account-{i % 5}"), ExpectedVersion.Any, [new Deposited($"{i % 5}", amounts[i])]);
    }

    /// <summary>Runs efx with the service's catalog and <see cref="Connection"/>, unless <paramref name="args"/> names one.</summary>
    public Task<EfxRun> Run(params string[] args) => Invoke(Factory ?? Catalog, args.Contains("--connection") ? args : [.. args, "--connection", Connection]);

    /// <summary>Runs efx exactly as given (no connection added).</summary>
    public Task<EfxRun> RunAsGiven(params string[] args) => Invoke(Factory ?? Catalog, args);

    /// <summary>Runs the standalone efx, which knows no projection code.</summary>
    public Task<EfxRun> RunStandalone(params string[] args) => Invoke(null, args);

    /// <summary>Runs efx on an interactive terminal (progress bars shown).</summary>
    public Task<EfxRun> RunInteractive(params string[] args) => Invoke(Factory ?? Catalog, [.. args, "--connection", Connection], interactive: true);

    /// <summary>Runs efx as if Ctrl+C had been pressed as it started.</summary>
    public Task<EfxRun> RunInterrupted(params string[] args) => Invoke(Factory ?? Catalog, [.. args, "--connection", Connection], interrupted: true);

    private async Task<EfxRun> Invoke(Func<EfxConnection, IProjectionCatalog>? catalog, string[] args, bool interactive = false, bool interrupted = false)
    {
        using var console = new TestConsole().Width(160);
        if (interactive) console.Interactive();
        var error = new StringWriter();
        var code = await new EfxCommandLine(catalog, console, error, name => Environment.GetValueOrDefault(name)).Run(args, new CancellationToken(interrupted));
        return new EfxRun(code, console.Output, error.ToString());
    }
}

/// <summary>What one efx run did: exit code, standard output and standard error.</summary>
public sealed record EfxRun(int ExitCode, string Output, string Error)
{
    /// <summary>Standard error, which on failure is exactly one line "efx: reason".</summary>
    public string ErrorLine => Assert.Single(Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r');
}
