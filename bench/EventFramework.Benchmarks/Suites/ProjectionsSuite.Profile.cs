using System.Globalization;
using EventFramework.Benchmarks.Contenders;
using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Projections;
using EventFramework.Benchmarks.Workload;

namespace EventFramework.Benchmarks.Suites;

internal sealed partial class ProjectionsSuite
{
    /// <summary>
    /// Where our catch-up spends its time. First the median measured round, split into the
    /// handlers (deserializing each event and its upsert round trip), the rest of each batch's
    /// transaction (connection, checkpoint claim, COMMIT) and the time outside any commit (waiting
    /// for events). Then passes over the first <paramref name="events"/> events that take one cost
    /// away at a time: handlers that write nothing, ReadAll alone, and two what-ifs the framework
    /// does not offer today: automatically prepared statements, and the same per-event upserts
    /// sent as one batch per transaction.
    /// </summary>
    private static async Task Profile(OursProjectionContender ours, LedgerWorkload workload, long events, List<CatchUpRun> rounds, BenchReport report)
    {
        var whole = rounds.Count > 0 ? rounds.OrderBy(r => r.EventsPerSecond).ElementAt(rounds.Count / 2) : null;
        Progress.Line($"{"profile",-12} {"",-8} {"ours",-8} passes over the first {events:N0} events");
        var baseline = whole is not null && events == whole.Events ? whole : await ours.CatchUp(events);
        var passes = new (string Label, string Key, CatchUpRun Run)[]
        {
            ("as measured: one deferred upsert per event", "profile_baseline", baseline),
            ("handlers write nothing (runner + ReadAll + commits)", "profile_no_writes", await ours.CatchUp(new CheckpointOnly(), events)),
            ("ReadAll alone, deserialized", "profile_readall", await ours.ReadAll(events)),
            ("what-if: statements auto-prepared", "profile_prepared", await ours.CatchUp(new Balances(ours.Schema), events, autoPrepare: true)),
            ("what-if: upserts sent as one batch per transaction", "profile_pipelined",
                await ours.CatchUp(new PipelinedBalances(ours.Schema), events, wrap: sink => new PipelinedSink(sink))),
            ("what-if: both", "profile_pipelined_prepared",
                await ours.CatchUp(new PipelinedBalances(ours.Schema), events, autoPrepare: true, wrap: sink => new PipelinedSink(sink))),
        };
        if (events == workload.Events) await Verify(ours, workload.Expected());

        Console.WriteLine();
        if (whole is not null)
        {
            var seconds = whole.Elapsed.TotalSeconds;
            var handlers = whole.InHandlers.TotalSeconds;
            var transaction = (whole.InCommit - whole.InHandlers).TotalSeconds;
            var waiting = seconds - whole.InCommit.TotalSeconds;
            var split = new Table("ours, median round: where the time goes", "share", "per unit");
            split.Add("handlers (deserialize + queue one upsert per event, then send them)", Share(handlers / seconds), $"{Micro(handlers / whole.Events)} µs/event");
            split.Add("rest of each batch transaction (open, claim, COMMIT)", Share(transaction / seconds), $"{Milli(transaction / whole.Batches)} ms/batch");
            split.Add("outside commits (waiting for ReadAll)", Share(waiting / seconds), "");
            split.Print(Console.Out);
            report.Set("profile_batches", whole.Batches);
            report.Set("profile_handler_share", handlers / seconds, 3);
            report.Set("profile_handler_us_per_event", handlers / whole.Events * 1e6, 1);
            report.Set("profile_transaction_share", transaction / seconds, 3);
            report.Set("profile_transaction_ms_per_batch", transaction / whole.Batches * 1e3, 2);
            report.Set("profile_waiting_share", waiting / seconds, 3);
            Console.WriteLine();
        }

        var table = new Table($"ours, first {events:N0} events", "events/s", "handlers µs/event", "rest ms/batch");
        foreach (var (label, key, run) in passes)
        {
            var perEvent = run.Batches > 0 ? Micro(run.InHandlers.TotalSeconds / run.Events) : "";
            var perBatch = run.Batches > 0 ? Milli((run.InCommit - run.InHandlers).TotalSeconds / run.Batches) : "";
            table.Add(label, Table.Rate(run.EventsPerSecond), perEvent, perBatch);
            report.Set($"{key}_events_per_s", run.EventsPerSecond);
        }
        table.Print(Console.Out);
        report.Set("profile_events", events);
    }

    private static string Share(double fraction) => fraction.ToString("P0", CultureInfo.InvariantCulture);

    private static string Micro(double seconds) => (seconds * 1e6).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Milli(double seconds) => (seconds * 1e3).ToString("0.00", CultureInfo.InvariantCulture);
}
