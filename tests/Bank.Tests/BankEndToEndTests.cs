using EventFramework.Samples.Bank.Demo;
using EventFramework.Samples.Bank.Hosting;
using EventFramework.Samples.Bank.LoadGen;
using EventFramework.Testing;
using Spectre.Console.Testing;
using Xunit.Abstractions;

namespace EventFramework.Samples.Bank.Tests;

/// <summary>The bank end to end on a real PostgreSQL (or SQLite) and the in-process Kafka-protocol cluster (or KAFKA_BOOTSTRAP_SERVERS).</summary>
public sealed class BankEndToEndTests(ITestOutputHelper output)
{
    private static readonly string? ExternalKafka = Environment.GetEnvironmentVariable("KAFKA_BOOTSTRAP_SERVERS") is { Length: > 0 } k ? k : null;

    private static BankOptions OnPostgres(string schema) => new()
    {
        Postgres = PostgresServer.ConnectionString,
        PostgresSchema = schema,
        Kafka = ExternalKafka,
        CreditTimeout = TimeSpan.FromSeconds(60),
    };

    private static BankOptions OnSqlite(TempDirectory folder) => new() { SqliteFile = Path.Combine(folder.Path, "bank.db"), Kafka = ExternalKafka };

    [Fact]
    public async Task the_demo_runs_on_postgres_and_kafka_and_every_invariant_holds()
    {
        var console = new TestConsole().Width(120);
        var exit = await new DemoScenario(console).Run(OnPostgres($"bank_demo_{Guid.NewGuid():N}"[..20]), CancellationToken.None);
        output.WriteLine(console.Output);

        Assert.Equal(0, exit);
        Assert.Contains("t-3", console.Output);
        Assert.Contains("Compensated", console.Output);
        Assert.Contains("The amount has at most 2 decimals.", console.Output);
        Assert.DoesNotContain("BROKEN", console.Output);
    }

    [Fact]
    public async Task loadgen_on_postgres_keeps_every_invariant()
    {
        var report = await new LoadGenerator(new TestConsole()).Run(OnPostgres($"bank_load_{Guid.NewGuid():N}"[..20]),
            new LoadGenOptions { Accounts = 12, Concurrency = 6, Duration = TimeSpan.FromSeconds(4) }, CancellationToken.None);
        output.WriteLine(report.Summary());
        foreach (var i in report.Invariants) output.WriteLine($"{i.Name}: {i.Held} {i.Detail}");

        Assert.True(report.Transfers > 0);
        Assert.True(report.Held);
    }

    [Fact]
    public async Task the_demo_runs_on_sqlite()
    {
        using var folder = new TempDirectory();
        var console = new TestConsole().Width(120);
        var exit = await new DemoScenario(console).Run(OnSqlite(folder), CancellationToken.None);
        output.WriteLine(console.Output);
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task loadgen_on_sqlite_keeps_every_invariant()
    {
        using var folder = new TempDirectory();
        var report = await new LoadGenerator(new TestConsole()).Run(OnSqlite(folder),
            new LoadGenOptions { Accounts = 12, Concurrency = 4, Duration = TimeSpan.FromSeconds(4) }, CancellationToken.None);
        output.WriteLine(report.Summary());
        foreach (var i in report.Invariants) output.WriteLine($"{i.Name}: {i.Held} {i.Detail}");

        Assert.True(report.Transfers > 0);
        Assert.True(report.Held);
    }
}
