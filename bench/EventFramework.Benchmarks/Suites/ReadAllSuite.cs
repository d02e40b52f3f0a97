using System.Diagnostics;
using System.Globalization;
using EventFramework.Benchmarks.Contenders;
using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Workload;

namespace EventFramework.Benchmarks.Suites;

/// <summary>
/// Reading the whole log from the start, events/s, every payload deserialized into the record:
/// ours (<see cref="IAllEventsReader.ReadAll"/> paging), Marten (<c>QueryAllRawEvents</c> keyset
/// pages on Sequence) and raw Npgsql (keyset on the bigserial). Each contender is seeded once
/// with the same events; seeds are reused across runs while the count and shape match.
/// </summary>
internal sealed class ReadAllSuite : ISuite
{
    private const string Case = "readall";
    private const string Schema = "bench_readall";
    private const int SeedStreamLength = 1_000;
    private const int SeedWriters = 4;
    private const long WarmUpEvents = 20_000;

    public string Name => "readall";

    public string Summary => "read-all events/s from the start: ours vs Marten vs raw Npgsql keyset";

    public string Usage => "--events 1000000/200000  --rounds 5/3  --page-size 4096  --marten-read stream|pages  --reseed";

    private sealed record Settings(long Events, int Rounds, int PageSize, string MartenRead, bool Reseed);

    public Func<BenchReport, Task> Configure(BenchOptions options)
    {
        var settings = new Settings(
            options.Int("events", full: 1_000_000, quick: 200_000),
            options.Int("rounds", full: 5, quick: 3),
            options.Int("page-size", full: 4_096, quick: 4_096),
            options.Choice("marten-read", "stream", "pages"),
            options.Flag("reseed"));
        return report => Run(settings, report);
    }

    private static async Task Run(Settings settings, BenchReport report)
    {
        var (database, server) = await BenchDatabase.Start(report, settings.Rounds);
        await using var _ = database;
        report.Set("events", settings.Events);
        report.Set("page_size", settings.PageSize);
        report.Set("marten_read", settings.MartenRead);
        report.Set("payload_bytes", PayloadSize.OfSample());

        var ledger = new SeedLedger(database, Schema);
        await ledger.Create();
        var contenders = new (IStoreContender Contender, string Schema)[]
        {
            (new OursContender(database, $"{Schema}_ours"), $"{Schema}_ours"),
            (new MartenContender(database, $"{Schema}_marten") { PagedReads = settings.MartenRead == "pages" }, $"{Schema}_marten"),
            (new RawContender(database, $"{Schema}_raw"), $"{Schema}_raw"),
        };
        try
        {
            var results = new Measurements();
            foreach (var (contender, schema) in contenders)
            {
                await Rounds.SetUp(results, contender, [Case], async () =>
                {
                    var reuse = !settings.Reseed && await ledger.Holds(contender.Name, schema, settings.Events, AccountDeposited.ShapeVersion);
                    report.Set($"seed_reused_{contender.Name}", reuse);
                    await contender.Open(fresh: !reuse);
                    if (reuse) return;
                    await ledger.Forget(contender.Name);
                    await Seed(contender, settings.Events);
                    await ledger.Remember(contender.Name, settings.Events, AccountDeposited.ShapeVersion);
                });
            }

            await Rounds.Run(results, settings.Rounds, warmUp: true, [Case], [.. contenders.Select(c => c.Contender)],
                (contender, _, round) => Measure(contender, round == 0 ? Math.Min(WarmUpEvents, settings.Events) : settings.Events, settings.PageSize));

            Console.WriteLine();
            Console.WriteLine($"readall: events/s reading {settings.Events:N0} events from the start, {settings.Rounds} rounds, page size {settings.PageSize:N0} " +
                $"(Marten: {(settings.MartenRead == "stream" ? "one streamed QueryAllRawEvents query" : "QueryAllRawEvents keyset pages")}), payload {PayloadSize.OfSample()} B, {server}");
            RateReport.Write(report, results,
            [
                (Case, "ours", "readall_events_per_s"),
                (Case, "marten", "marten_readall_events_per_s"),
                (Case, "raw", "raw_readall_events_per_s"),
            ]);
            Console.WriteLine();
            RateReport.WriteRatios(report, results, [Case]);
        }
        finally
        {
            HostLoad.Report(report, "end");
            foreach (var (contender, _) in contenders) await contender.DisposeAsync();
        }
    }

    /// <summary>Reads from the start until <paramref name="events"/> are read; events/s. Reading fewer is a failure.</summary>
    private static async Task<double> Measure(IStoreContender contender, long events, int pageSize)
    {
        var clock = Stopwatch.StartNew();
        var read = await contender.ReadAll(pageSize, limit: events);
        var seconds = clock.Elapsed.TotalSeconds;
        if (read < events)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"read {read:N0} events where {events:N0} were seeded (stale seed? rerun with --reseed)"));
        return read / seconds;
    }

    /// <summary>Appends <paramref name="events"/> in streams of 1,000 (one transaction each), a few writers at once. Not measured.</summary>
    private static async Task Seed(IStoreContender contender, long events)
    {
        var clock = Stopwatch.StartNew();
        var streams = (events + SeedStreamLength - 1) / SeedStreamLength;
        await Parallel.ForAsync(0L, streams, new ParallelOptions { MaxDegreeOfParallelism = SeedWriters }, async (s, ct) =>
        {
            var count = (int)Math.Min(SeedStreamLength, events - (s * SeedStreamLength));
            var batch = new DepositGenerator(seed: (int)s).Next(DepositGenerator.NewAccount(), 0, count);
            await contender.Append($"seed-{s}", 0, batch, ct);
        });
        Progress.Line($"{"seed",-12} {"",-8} {contender.Name,-8} {events / clock.Elapsed.TotalSeconds,12:N0} events/s ({events:N0} events)");
    }
}
