using System.Diagnostics;
using System.Globalization;
using EventFramework.Benchmarks.Contenders;
using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Workload;

namespace EventFramework.Benchmarks.Suites;

/// <summary>
/// Projections: (1) catch-up throughput, events/s, building a per-account balance read model
/// from an empty checkpoint over a seeded ledger (deposits and withdrawals over 10,000 accounts):
/// our <see cref="ProjectionRunner{TContext}"/> with one deferred upsert per event vs Marten's async daemon
/// rebuilding the same projection, in interleaved rounds; then where our time goes (profile);
/// (2) live latency append → committed read model at fixed append rates (ours only).
/// </summary>
internal sealed partial class ProjectionsSuite : ISuite
{
    private const string Case = "catchup";
    private const string SchemaPrefix = "bench_proj_";
    private const int SeedTransactionSize = 100;
    private const long WarmUpEvents = 10_000;

    public string Name => "projections";

    public string Summary => "projection catch-up events/s (ours vs Marten's async daemon rebuild) and live append → read model latency";

    public string Usage => "--events 1000000/30000  --accounts 10000  --rounds 3/2  --warmup no/yes  --profile-events 100000/30000  --batch-size 500  --batch-delay-ms 5  --page-size 512  --seed-writers 8  --reseed  --marten-tuning default|documented\n" +
        $"  {"",-10} --live-rates 1000,10000  --live-seconds 10/3  --live-warmup 2/1  --live-writers auto  --live-wakeup notify|in-process  --parts catchup,profile,live";

    private sealed record Settings(
        long Events, int Accounts, int Rounds, bool WarmUp, long ProfileEvents, ProjectionOptions Options, int SeedWriters, bool Reseed,
        bool MartenTuned, IReadOnlyList<int> LiveRates, TimeSpan LiveDuration, TimeSpan LiveWarmUp, int LiveWriters, bool LiveInProcess, IReadOnlySet<string> Parts);

    public Func<BenchReport, Task> Configure(BenchOptions options)
    {
        var runner = new ProjectionOptions
        {
            BatchSize = options.Int("batch-size", full: 500, quick: 500),
            BatchDelay = TimeSpan.FromMilliseconds(options.Double("batch-delay-ms", full: 5, quick: 5)),
            Subscription = new SubscriptionOptions { PageSize = options.Int("page-size", full: 512, quick: 512) },
        };
        var settings = new Settings(
            options.Int("events", full: 1_000_000, quick: 30_000),
            options.Int("accounts", full: 10_000, quick: 10_000),
            options.Int("rounds", full: 3, quick: 2),
            options.Choice("warmup", options.Quick ? ["yes", "no"] : ["no", "yes"]) == "yes",
            options.Int("profile-events", full: 100_000, quick: 30_000),
            runner,
            options.Int("seed-writers", full: 8, quick: 8),
            options.Flag("reseed"),
            options.Choice("marten-tuning", "default", "documented") == "documented",
            List(options.Text("live-rates", "1000,10000"), "live-rates").Select(Positive).ToList(),
            TimeSpan.FromSeconds(options.Double("live-seconds", full: 10, quick: 3)),
            TimeSpan.FromSeconds(options.Double("live-warmup", full: 2, quick: 1)),
            options.Text("live-writers", "auto") is "auto" ? 0 : Positive(options.Text("live-writers", "auto")),
            options.Choice("live-wakeup", "notify", "in-process") == "in-process",
            List(options.Text("parts", "catchup,profile,live"), "parts").ToHashSet(StringComparer.Ordinal));
        if (settings.Parts.Except(["catchup", "profile", "live"]).FirstOrDefault() is { } unknown)
            throw new UsageException($"--parts takes catchup, profile and live, not '{unknown}'");
        return report => Run(settings, report);
    }

    private static async Task Run(Settings settings, BenchReport report)
    {
        var (database, server) = await BenchDatabase.Start(report, settings.Rounds);
        await using var _ = database;
        report.Set("warmup_round", settings.WarmUp);
        report.Set("events", settings.Events);
        report.Set("accounts", settings.Accounts);
        report.Set("batch_size", settings.Options.BatchSize);
        report.Set("page_size", settings.Options.Subscription.PageSize);
        report.Set("batch_delay_ms", settings.Options.BatchDelay.TotalMilliseconds, 1);
        report.Set("marten_tuning", settings.MartenTuned ? "documented" : "default");
        // The headline keys are always present: null unless measured below.
        foreach (var key in (string[])["catchup_events_per_s", "marten_catchup_events_per_s", "ratio_catchup"]) report.Set(key, double.NaN);
        foreach (var rate in settings.LiveRates)
        {
            report.Set($"live_p50_ms_{RateLabel(rate)}", double.NaN);
            report.Set($"live_p99_ms_{RateLabel(rate)}", double.NaN);
        }
        var workload = new LedgerWorkload(settings.Accounts, settings.Events);
        try
        {
            if (settings.Parts.Contains("catchup") || settings.Parts.Contains("profile"))
                await CatchUp(database, settings, workload, server, report);
            if (settings.Parts.Contains("live"))
                await Live(database, settings, report);
        }
        finally
        {
            HostLoad.Report(report, "end");
        }
    }

    private static async Task CatchUp(BenchDatabase database, Settings settings, LedgerWorkload workload, string server, BenchReport report)
    {
        var ledger = new SeedLedger(database, SchemaPrefix + "seeds");
        await ledger.Create();
        // One schema per contender and size, so quick and full runs keep their seeds side by side.
        var size = workload.Events % 1_000_000 == 0 ? $"{workload.Events / 1_000_000}m" : workload.Events % 1_000 == 0 ? $"{workload.Events / 1_000}k" : $"{workload.Events}";
        var ours = new OursProjectionContender(database, $"{SchemaPrefix}ours_{size}", settings.Options);
        var marten = new MartenProjectionContender(database, $"{SchemaPrefix}marten_{size}", settings.MartenTuned);
        IProjectionContender[] contenders = [ours, marten];
        try
        {
            var results = new Measurements();
            foreach (var contender in contenders)
                await Rounds.SetUp(results, contender, [Case], () => Seed(contender, ledger, workload, settings, report));

            var expected = workload.Expected();
            var profiles = new List<CatchUpRun>();
            if (settings.Parts.Contains("catchup"))
            {
                await Rounds.Run(results, settings.Rounds, settings.WarmUp, [Case], contenders, async (contender, _, round) =>
                {
                    var run = await contender.CatchUp(round == 0 ? Math.Min(WarmUpEvents, workload.Events) : workload.Events);
                    if (run.Events == workload.Events) await Verify(contender, expected);
                    if (round > 0 && contender == ours) profiles.Add(run);
                    return run.EventsPerSecond;
                });

                Console.WriteLine();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"projections catch-up: events/s building balances of {workload.Accounts:N0} accounts from {workload.Events:N0} events, {settings.Rounds} rounds " +
                    $"(ours: ProjectionRunner, one deferred upsert per event sent per batch, batch {settings.Options.BatchSize}, page {settings.Options.Subscription.PageSize}; " +
                    $"Marten: async daemon RebuildProjectionAsync of a SingleStreamProjection), {server}"));
                RateReport.Write(report, results,
                [
                    (Case, "ours", "catchup_events_per_s"),
                    (Case, "marten", "marten_catchup_events_per_s"),
                ]);
                var ratio = Stats.Ratio(results.Stats("ours", Case), results.Stats("marten", Case));
                report.Set("ratio_catchup", ratio, 3);
                Console.WriteLine($"ours/marten: {Table.Ratio(ratio)}");
            }
            if (settings.Parts.Contains("profile") && !results.HasFailed("ours", Case))
                await Profile(ours, workload, Math.Min(settings.ProfileEvents, workload.Events), profiles, report);
        }
        finally
        {
            foreach (var contender in contenders) await contender.DisposeAsync();
        }
    }

    /// <summary>Opens the contender, reusing its seed when the ledger says it is complete and of this shape; otherwise seeds it anew.</summary>
    private static async Task Seed(IProjectionContender contender, SeedLedger ledger, LedgerWorkload workload, Settings settings, BenchReport report)
    {
        var shape = $"{LedgerWorkload.ShapeVersion}/{workload.Accounts}";
        var reuse = !settings.Reseed && await ledger.Holds(contender.Schema, contender.Schema, workload.Events, shape);
        report.Set($"seed_reused_{contender.Name}", reuse);
        await contender.Open(fresh: !reuse);
        if (reuse) return;
        await ledger.Forget(contender.Schema);
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < workload.Rounds; round++)
        {
            // A round gives each account one event; rounds run one after another so stream versions stay exact.
            await Parallel.ForEachAsync(workload.Transactions(round, SeedTransactionSize),
                new ParallelOptions { MaxDegreeOfParallelism = settings.SeedWriters },
                async (transaction, ct) => await contender.Append(transaction, ct));
        }
        await ledger.Remember(contender.Schema, workload.Events, shape);
        Progress.Line($"{"seed",-12} {"",-8} {contender.Name,-8} {workload.Events / clock.Elapsed.TotalSeconds,12:N0} events/s ({workload.Events:N0} events)");
    }

    /// <summary>A catch-up that does not reproduce every balance is a failure, whatever its speed.</summary>
    private static async Task Verify(IProjectionContender contender, (decimal Total, int Accounts) expected)
    {
        var (total, accounts) = await contender.ReadModel();
        if (total != expected.Total || accounts != expected.Accounts)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"the read model holds {accounts:N0} balances summing to {total:N2}; expected {expected.Accounts:N0} summing to {expected.Total:N2}"));
    }

    /// <summary>1000 → "1k": the suffix of the live keys.</summary>
    private static string RateLabel(int rate) => rate % 1000 == 0 ? $"{rate / 1000}k" : rate.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<string> List(string text, string option)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return items.Length > 0 ? items : throw new UsageException($"--{option} needs at least one value");
    }

    private static int Positive(string text) =>
        int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : throw new UsageException($"'{text}' is not a positive whole number");
}
