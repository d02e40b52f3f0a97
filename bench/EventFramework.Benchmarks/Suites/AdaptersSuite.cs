using EventFramework.Benchmarks.Adapters;
using EventFramework.Benchmarks.Contenders;
using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Workload;

namespace EventFramework.Benchmarks.Suites;

/// <summary>
/// What the Marten adapter costs: appends through <see cref="MartenEventStore"/> (our contract over
/// Marten) against our PostgreSQL store and plain Marten (Quick append), interleaved in one run.
/// The headline figures (<c>marten_adapter_events_per_s</c>, <c>ours_events_per_s</c>) are the first case's.
/// </summary>
internal sealed class AdaptersSuite : ISuite
{
    private const string DefaultCases = "1x1,10x8";

    public string Name => "adapters";

    public string Summary => "append events/s through the Marten adapter vs our PostgreSQL store vs plain Marten";

    public string Usage => "--rounds 5/3  --seconds 2/0.6 per measurement  --warmup 0.5/0.2  --stream-length 20  --cases " + DefaultCases + " (the first is the headline)";

    private sealed record Settings(int Rounds, TimeSpan Duration, TimeSpan WarmUp, int StreamLength, IReadOnlyList<AppendCase> Cases);

    public Func<BenchReport, Task> Configure(BenchOptions options)
    {
        var settings = new Settings(
            options.Int("rounds", full: 5, quick: 3),
            TimeSpan.FromSeconds(options.Double("seconds", full: 2, quick: 0.6)),
            TimeSpan.FromSeconds(options.Double("warmup", full: 0.5, quick: 0.2)),
            options.Int("stream-length", full: 20, quick: 20),
            options.Text("cases", DefaultCases).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(AppendCase.Parse).ToList());
        if (settings.Cases.Count == 0) throw new UsageException("--cases needs at least one case");
        return report => Run(settings, report);
    }

    private static async Task Run(Settings settings, BenchReport report)
    {
        var (database, server) = await BenchDatabase.Start(report, settings.Rounds);
        await using var _ = database;
        report.Set("seconds_per_measurement", settings.Duration.TotalSeconds, 2);
        report.Set("payload_bytes", PayloadSize.OfSample());
        report.Set("cases", string.Join(',', settings.Cases.Select(c => c.Name)));

        IStoreContender[] contenders =
        [
            new OursContender(database, "bench_adapters_ours"),
            new MartenAdapterContender(database, "bench_adapters_marten_adapter"),
            new MartenContender(database, "bench_adapters_marten"),
        ];
        try
        {
            var cases = settings.Cases.ToDictionary(c => c.Name);
            string[] caseNames = [.. settings.Cases.Select(c => c.Name)];
            var results = new Measurements();
            foreach (var contender in contenders)
                await Rounds.SetUp(results, contender, caseNames, () => contender.Open(fresh: true));
            await Rounds.Run(results, settings.Rounds, warmUp: true, caseNames, contenders,
                (contender, @case, round) => AppendRun.Measure(contender, cases[@case], $"acct-{@case}-r{round}", round == 0 ? settings.WarmUp : settings.Duration, settings.StreamLength));

            Console.WriteLine();
            Console.WriteLine($"adapters: append events/s over {settings.Rounds} rounds of {settings.Duration.TotalSeconds:0.##} s per contender and case " +
                $"(payload {PayloadSize.OfSample()} B, {server})");
            RateReport.Write(report, results,
                from c in caseNames
                from contender in contenders
                select (c, contender.Name, $"{contender.Name}_{c}_events_per_s"));

            var headline = caseNames[0];
            var (adapter, ours, marten) = (results.Stats("marten_adapter", headline), results.Stats("ours", headline), results.Stats("marten", headline));
            report.Set("headline_case", headline);
            report.Set("marten_adapter_events_per_s", adapter.Median);
            report.Set("ours_events_per_s", ours.Median);
            report.Set("marten_events_per_s", marten.Median);
            report.Set("marten_adapter_vs_ours", Stats.Ratio(adapter, ours), 3);
            report.Set("marten_adapter_vs_marten", Stats.Ratio(adapter, marten), 3);

            Console.WriteLine();
            var table = new Table("case", "adapter/ours", "adapter/marten");
            foreach (var c in caseNames)
            {
                var a = results.Stats("marten_adapter", c);
                table.Add(c, Table.Ratio(Stats.Ratio(a, results.Stats("ours", c))), Table.Ratio(Stats.Ratio(a, results.Stats("marten", c))));
            }
            table.Print(Console.Out);
        }
        finally
        {
            HostLoad.Report(report, "end");
            foreach (var contender in contenders) await contender.DisposeAsync();
        }
    }
}
