// The bank sample: `bank demo` (the main job), `bank loadgen`, and `bank efx ...` for its projections.
using System.CommandLine;
using EventFramework.Cli;
using EventFramework.Samples.Bank.Demo;
using EventFramework.Samples.Bank.Hosting;
using EventFramework.Samples.Bank.LoadGen;
using Spectre.Console;

if (args is ["efx", .. var efxArgs]) return await BankEfx.Run(efxArgs);

var postgres = new Option<string?>("--postgres") { Description = "Run on PostgreSQL (an Npgsql connection string) instead of the SQLite file", HelpName = "CONN" };
var kafka = new Option<string?>("--kafka") { Description = "Publish to this Kafka cluster instead of the in-process one", HelpName = "BOOTSTRAP" };
var sqlite = new Option<string?>("--sqlite") { Description = $"The SQLite file (default: {new BankOptions().SqliteFile})", HelpName = "FILE" };
var accounts = new Option<int>("--accounts") { Description = "Accounts to open", DefaultValueFactory = _ => 50 };
var concurrency = new Option<int>("--concurrency") { Description = "Transfers in flight at once", DefaultValueFactory = _ => 8 };
var otelConsole = new Option<bool>("--otel-console") { Description = "Print the framework's traces and metrics (OpenTelemetry) to the console; OTEL_EXPORTER_OTLP_ENDPOINT sends them to a collector" };
var seconds = new Option<int>("--seconds") { Description = "How long to generate load", DefaultValueFactory = _ => 10 };

BankOptions Bank(ParseResult p) => new()
{
    Postgres = p.GetValue(postgres),
    Kafka = p.GetValue(kafka),
    SqliteFile = p.GetValue(sqlite) ?? new BankOptions().SqliteFile,
};

var demo = new Command("demo", "Run a short banking day end to end and check its invariants (exit code 1 when one breaks)") { postgres, kafka, sqlite, otelConsole };
demo.SetAction(async (p, ct) =>
{
    using var telemetry = BankTelemetry.Start(p.GetValue(otelConsole));
    return await new DemoScenario(AnsiConsole.Console).Run(Bank(p), ct);
});

var loadgen = new Command("loadgen", "Concurrent transfers for a while, then throughput, latency and the invariants") { postgres, kafka, sqlite, accounts, concurrency, seconds, otelConsole };
loadgen.SetAction(async (p, ct) =>
{
    if (p.GetValue(accounts) < 2 || p.GetValue(concurrency) < 1 || p.GetValue(seconds) < 1)
    {
        Console.Error.WriteLine("loadgen needs --accounts of at least 2, and --concurrency and --seconds of at least 1.");
        return 2;
    }
    using var telemetry = BankTelemetry.Start(p.GetValue(otelConsole));
    var report = await new LoadGenerator(AnsiConsole.Console).Run(Bank(p), new LoadGenOptions
    {
        Accounts = p.GetValue(accounts),
        Concurrency = p.GetValue(concurrency),
        Duration = TimeSpan.FromSeconds(p.GetValue(seconds)),
    }, ct);
    Console.WriteLine(report.Summary());
    return report.Held ? 0 : 1;
});

var root = new RootCommand("The EventFramework bank sample") { demo, loadgen, new Command("efx", "Projection operations on the bank's storage (see `bank efx --help`)") };
return await root.Parse(args).InvokeAsync();
