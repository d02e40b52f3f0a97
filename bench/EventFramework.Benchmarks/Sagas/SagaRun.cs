using System.Diagnostics;
using EventFramework.Benchmarks.Harness;

namespace EventFramework.Benchmarks.Sagas;

/// <summary>
/// One measured run on one backend: the engine and the participants' relay run in process; orders
/// are appended to the log and every saga goes through its three steps to Completed.
/// </summary>
internal static class SagaRun
{
    private const int AppendBatch = 100;

    /// <summary>
    /// After a warm-up of a tenth as many, appends the orders in batches of 100 as fast as it can;
    /// completed sagas/s until the last one completed.
    /// </summary>
    public static async Task<double> Throughput(SagaRig rig, int sagas, string prefix)
    {
        var serializer = BenchOrders.Serializer();
        await using var pipeline = await Pipeline.Start(rig, serializer);
        var warmUp = Math.Max(100, sagas / 10);
        await AppendOrders(rig, serializer, $"{prefix}-warm", warmUp);
        await pipeline.WaitForEnded(warmUp);
        var clock = Stopwatch.StartNew();
        await AppendOrders(rig, serializer, prefix, sagas);
        await pipeline.WaitForEnded(warmUp + sagas);
        return sagas / clock.Elapsed.TotalSeconds;
    }

    private static async Task AppendOrders(SagaRig rig, EventSerializer serializer, string prefix, int sagas)
    {
        for (var batch = 0; batch * AppendBatch < sagas; batch++)
        {
            var count = Math.Min(AppendBatch, sagas - (batch * AppendBatch));
            await rig.Log.Append(serializer, new StreamName($"{prefix}-{batch}"), ExpectedVersion.NoStream,
                [.. Enumerable.Range(batch * AppendBatch, count).Select(i => new BenchOrderPlaced($"{prefix}-{i}", i))]);
        }
    }

    /// <summary>Starts <paramref name="rate"/> sagas a second (ticks of 10 ms) for <paramref name="seconds"/>; each saga's time from append to Completed, in ms, sorted.</summary>
    public static async Task<List<double>> Latencies(SagaRig rig, int rate, double seconds, string prefix)
    {
        var serializer = BenchOrders.Serializer();
        await using var pipeline = await Pipeline.Start(rig, serializer);
        var started = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var total = (int)(rate * seconds);
        var clock = Stopwatch.StartNew();
        for (var tick = 0; started.Count < total; tick++)
        {
            var due = Math.Min(total, (int)(rate * (tick + 1) / 100.0));
            var orders = Enumerable.Range(started.Count, due - started.Count).Select(i => new BenchOrderPlaced($"{prefix}-{i}", i)).ToList();
            var now = DateTimeOffset.UtcNow;
            foreach (var o in orders) started[o.OrderId] = now;
            if (orders.Count > 0) await rig.Log.Append(serializer, new StreamName($"{prefix}-t{tick}"), ExpectedVersion.NoStream, orders);
            var wait = TimeSpan.FromMilliseconds((tick + 1) * 10) - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        await pipeline.WaitForEnded(total);
        var completed = await rig.Queries.List(BenchOrders.Name, SagaStatus.Completed, int.MaxValue);
        var latencies = completed.Where(s => started.ContainsKey(s.SagaId)).Select(s => (s.Updated - started[s.SagaId]).TotalMilliseconds).Order().ToList();
        if (latencies.Count != total) throw new InvalidOperationException($"{latencies.Count} of {total} sagas completed");
        return latencies;
    }

    /// <summary>The engine and the relay, running until disposed.</summary>
    private sealed class Pipeline : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly SagaEngine<StepSagaState<BenchOrderPlaced>> _engine;
        private readonly Task _running;

        private Pipeline(SagaRig rig, EventSerializer serializer)
        {
            _engine = new SagaEngine<StepSagaState<BenchOrderPlaced>>(rig.Sagas, BenchOrders.Saga(), serializer, new SagaOptions
            {
                BatchSize = 2000,
                Subscription = new SubscriptionOptions { PageSize = 2000, PollInterval = TimeSpan.FromMilliseconds(20), HeldBackPollInterval = TimeSpan.FromMilliseconds(5) },
            });
            var relay = new OutboxRelay($"bench-participants-{Guid.NewGuid():N}", rig.Outbox, new BenchParticipants(rig.Log, serializer), rig.WakeUps,
                new OutboxRelayOptions { BatchSize = 2000, PollInterval = TimeSpan.FromMilliseconds(5) });
            _running = Task.WhenAll(_engine.Run(rig.Log, _stop.Token), relay.Run(_stop.Token));
        }

        public static Task<Pipeline> Start(SagaRig rig, EventSerializer serializer) => Task.FromResult(new Pipeline(rig, serializer));

        public async Task WaitForEnded(int sagas)
        {
            var deadline = Stopwatch.StartNew();
            while (_engine.Status.Ended < sagas)
            {
                if (_running.IsCompleted) await _running; // surfaces the failure
                if (deadline.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"only {_engine.Status.Ended} of {sagas} sagas ended in 10 minutes");
                await Task.Delay(10);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try { await _running; }
            catch (OperationCanceledException) { }
            _stop.Dispose();
        }
    }
}
