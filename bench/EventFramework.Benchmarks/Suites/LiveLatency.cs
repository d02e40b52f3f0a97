using System.Diagnostics;
using EventFramework.Benchmarks.Contenders;
using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Projections;
using EventFramework.Benchmarks.Workload;
using EventFramework.Postgres;

namespace EventFramework.Benchmarks.Suites;

/// <summary>
/// Append → read model latency with our runner live. Writers append single events at a fixed
/// rate (open loop: event i is due at start + i/rate, whatever happened to earlier ones; writers
/// stop at the end of the run, so a rate the machine cannot reach shows as a lower reached rate),
/// each recording the time just before its Append call and the position Append returns. A reader
/// on its own connection polls the projection's committed checkpoint every millisecond; since the
/// checkpoint commits in the same transaction as the balance upserts, an event's effect is
/// visible from the first poll that returns a checkpoint at or past its position. Latency = the
/// end of that poll − the start of the append (so it includes up to one poll interval).
/// </summary>
/// <param name="sharedStore">
/// The runner reads through the writers' store instance, so it is woken in-process at every
/// append. Otherwise (the default) it has its own store and pool, as a separate projection host
/// would, and is woken by the store's NOTIFY hint (at most one per 20 ms) or its poll.
/// </param>
internal sealed class LiveLatency(BenchDatabase database, string schema, ProjectionOptions options, bool sharedStore)
{
    private const int Accounts = 10_000;
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public async Task<LiveResult> Measure(int rate, int writers, TimeSpan warmUp, TimeSpan duration, CancellationToken ct = default)
    {
        await database.DropSchema(schema);
        await using var writerPool = database.CreateDataSource("live-writer");
        await using var runnerPool = database.CreateDataSource("live-runner");
        await using var readerPool = database.CreateDataSource("live-reader");
        await using var writerStore = new PostgresEventStore(writerPool, new PostgresStoreOptions { Schema = schema });
        await writerStore.Migrate(ct);
        await database.Execute(Balances.CreateTable(schema));
        await using var ownStore = sharedStore ? null : new PostgresEventStore(runnerPool, new PostgresStoreOptions { Schema = schema });
        var sink = new TimedSink<PostgresProjectionContext>(new PostgresProjectionSink(runnerPool, schema), keepLog: true);
        var runner = new ProjectionRunner<PostgresProjectionContext>(ownStore ?? writerStore, sink, new Balances(schema), OursProjectionContender.Serializer, options);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = runner.Run(stop.Token);
        var observer = new CheckpointObserver(readerPool, schema, runner.CheckpointKey, PollEvery);
        observer.Start();
        try
        {
            var total = (long)Math.Round(rate * (warmUp + duration).TotalSeconds);
            var appends = new Appends(total);
            var ticksPerEvent = (double)Stopwatch.Frequency / rate;
            var t0 = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 20);
            var measuredFrom = t0 + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
            var deadline = t0 + (long)((warmUp + duration).TotalSeconds * Stopwatch.Frequency);
            long next = -1;
            await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < total && Stopwatch.GetTimestamp() < deadline; i = Interlocked.Increment(ref next))
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), t0 + (long)(i * ticksPerEvent));
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, stop.Token);
                    var account = LedgerAccount(i);
                    var data = OursProjectionContender.Serializer.Serialize(new AccountDeposited(account, i, 1m, "EUR", DateTime.UtcNow, "live deposit"));
                    var started = Stopwatch.GetTimestamp();
                    var result = await writerStore.Append(new StreamName(account.ToString()), ExpectedVersion.Any, [data], stop.Token);
                    appends.Record(i, started, Stopwatch.GetTimestamp(), result.Position);
                    if (running.IsCompleted) await running; // surfaces why the runner stopped
                }
            }, stop.Token)));

            var last = appends.Last();
            var waited = Stopwatch.StartNew();
            while (observer.Latest < last || sink.Log is not [.., var final] || final.Last < last)
            {
                if (running.IsCompleted) await running;
                if (waited.Elapsed > Patience) throw new TimeoutException($"the read model did not reach the last append within {Patience.TotalSeconds:0} s (checkpoint {observer.Latest}, last {last})");
                await Task.Delay(10, ct);
            }
            return Summarize(rate, writers, appends, measuredFrom, observer.Observations(), sink.Log);
        }
        finally
        {
            await observer.DisposeAsync();
            await stop.CancelAsync();
            try { await running; }
            catch (OperationCanceledException) { }
        }
    }

    private static Guid LedgerAccount(long i) => new((int)(i % Accounts), 0x1ed9, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 0);

    /// <param name="from">The end of the warm-up (Stopwatch ticks): appends started before it are not counted.</param>
    private static LiveResult Summarize(int rate, int writers, Appends appends, long from,
        IReadOnlyList<(long Ticks, LogPosition Checkpoint)> seen, IReadOnlyList<(long Start, long End, LogPosition Last)> batches)
    {
        List<double> total = [], append = [], pickUp = [], batch = [], observe = [];
        long first = long.MaxValue, lastEnd = 0;
        for (var i = 0L; i < appends.Count; i++)
        {
            // Not appended: due after the run ended while the writers were behind.
            if (!appends.Done(i)) continue;
            var (start, end, position) = appends.Of(i);
            if (start < from) continue; // warm-up
            // Checkpoints and batches only move forward: the first one at or past the event covers it.
            var visible = seen[First(seen.Count, k => seen[k].Checkpoint >= position)].Ticks;
            var (batchStart, batchEnd, _) = batches[First(batches.Count, k => batches[k].Last >= position)];
            total.Add(Ms(start, visible));
            append.Add(Ms(start, end));
            pickUp.Add(Ms(start, batchStart));
            batch.Add(Ms(batchStart, batchEnd));
            observe.Add(Ms(batchEnd, visible));
            first = Math.Min(first, start);
            lastEnd = Math.Max(lastEnd, end);
        }
        if (total.Count == 0) throw new InvalidOperationException("no event was appended in the measured window");
        foreach (var list in (List<double>[])[total, append, pickUp, batch, observe]) list.Sort();
        return new LiveResult(rate, writers, total.Count, total.Count / Stopwatch.GetElapsedTime(first, lastEnd).TotalSeconds,
            Percentile.Of(total, 50), Percentile.Of(total, 99), total[^1],
            P(append), P(pickUp), P(batch), P(observe));
    }

    private static (double P50, double P99) P(List<double> sorted) => (Percentile.Of(sorted, 50), Percentile.Of(sorted, 99));

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>The first index in [0, count) where <paramref name="reached"/> holds (it holds from some index on).</summary>
    private static int First(int count, Func<int, bool> reached)
    {
        int lo = 0, hi = count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (reached(mid)) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /// <summary>Per due event: when its append started and ended (Stopwatch ticks) and where it landed; End 0 = never appended.</summary>
    private sealed class Appends(long count)
    {
        private readonly long[] _start = new long[count], _end = new long[count];
        private readonly LogPosition[] _position = new LogPosition[count];

        public long Count => count;

        public void Record(long i, long start, long end, LogPosition position) => (_start[i], _end[i], _position[i]) = (start, end, position);

        public bool Done(long i) => _end[i] != 0;

        public (long Start, long End, LogPosition Position) Of(long i) => (_start[i], _end[i], _position[i]);

        public LogPosition Last() => _position.Max();
    }
}
