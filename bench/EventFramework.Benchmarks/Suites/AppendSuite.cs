using System.Diagnostics;
using EventFramework.Benchmarks.Contenders;
using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Workload;

namespace EventFramework.Benchmarks.Suites;

/// <summary>
/// Append throughput, events/s: ours vs Marten (Quick append) vs raw Npgsql ("the limit"), plus
/// our SQLite store on the single-writer cases. Each measurement runs for a fixed time; each
/// writer appends to its own streams, <c>--stream-length</c> transactions per stream, each
/// transaction checked against the stream's expected version.
/// </summary>
internal sealed class AppendSuite : ISuite
{
    private const string DefaultCases = "1x1,10x1,100x1,10x8";

    public string Name => "append";

    public string Summary => "append events/s: ours vs Marten Quick vs raw Npgsql (+ SQLite on single-writer cases)";

    public string Usage => "--rounds 5/3  --seconds 2/0.6 per measurement  --warmup 0.5/0.2  --stream-length 20  --cases " + DefaultCases;

    private sealed record Settings(int Rounds, TimeSpan Duration, TimeSpan WarmUp, int StreamLength, IReadOnlyList<AppendCase> Cases);

    public Func<BenchReport, Task> Configure(BenchOptions options)
    {
        var settings = new Settings(
            options.Int("rounds", full: 5, quick: 3),
            TimeSpan.FromSeconds(options.Double("seconds", full: 2, quick: 0.6)),
            TimeSpan.FromSeconds(options.Double("warmup", full: 0.5, quick: 0.2)),
            options.Int("stream-length", full: 20, quick: 20),
            options.Text("cases", DefaultCases).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(AppendCase.Parse).ToList());
        return report => Run(settings, report);
    }

    private static async Task Run(Settings settings, BenchReport report)
    {
        var (database, server) = await BenchDatabase.Start(report, settings.Rounds);
        await using var _ = database;
        report.Set("seconds_per_measurement", settings.Duration.TotalSeconds, 2);
        report.Set("stream_length_transactions", settings.StreamLength);
        report.Set("payload_bytes", PayloadSize.OfSample());
        report.Set("cases", string.Join(',', settings.Cases.Select(c => c.Name)));

        var contenders = new List<IStoreContender>
        {
            new OursContender(database, "bench_ours"),
            new MartenContender(database, "bench_marten"),
            new RawContender(database, "bench_raw"),
        };
        if (SqliteWiring.Factory is { } sqlite)
            contenders.Add(new SqliteContender(sqlite, Path.Combine(Path.GetTempPath(), "eventframework-bench", "append.sqlite")));

        try
        {
            var cases = settings.Cases.ToDictionary(c => c.Name);
            string[] caseNames = [.. settings.Cases.Select(c => c.Name)];
            var results = new Measurements();
            foreach (var contender in contenders)
                await Rounds.SetUp(results, contender, caseNames, () => contender.Open(fresh: true));
            await Rounds.Run(results, settings.Rounds, warmUp: true, caseNames, contenders,
                (contender, @case, round) => AppendRun.Measure(contender, cases[@case], $"acct-{@case}-r{round}", round == 0 ? settings.WarmUp : settings.Duration, settings.StreamLength),
                takesPart: (contender, @case) => contender is not SqliteContender || cases[@case].Writers == 1);

            Console.WriteLine();
            Console.WriteLine($"append: events/s over {settings.Rounds} rounds of {settings.Duration.TotalSeconds:0.##} s per contender and case " +
                $"(payload {PayloadSize.OfSample()} B, {server})");
            RateReport.Write(report, results,
                from c in settings.Cases
                from contender in contenders
                where contender is not SqliteContender || c.Writers == 1
                select (c.Name, contender.Name, $"{contender.Name}_{c.Name}_events_per_s"));
            if (SqliteWiring.Factory is null)
            {
                Console.WriteLine("sqlite: not wired (fill in SqliteWiring.Factory)");
                foreach (var c in settings.Cases.Where(c => c.Writers == 1)) report.Set($"sqlite_{c.Name}_events_per_s", double.NaN);
            }

            Console.WriteLine();
            RateReport.WriteRatios(report, results, caseNames);
        }
        finally
        {
            HostLoad.Report(report, "end");
            foreach (var contender in contenders) await contender.DisposeAsync();
        }
    }
}
