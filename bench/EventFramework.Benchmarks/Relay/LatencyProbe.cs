using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using EventFramework.Benchmarks.Harness;

namespace EventFramework.Benchmarks.Relay;

/// <summary>
/// Commit → consumer latency at a steady rate: a writer commits small outbox transactions at
/// <c>rate</c> messages/s while a relay runs; a read_committed consumer notes when each message
/// arrives. Latency = arrival − the moment the writer's commit returned.
/// </summary>
internal static class LatencyProbe
{
    private const int TicksPerWrite = 10; // one transaction every 10 ms

    public static async Task<(double P50, double P99, int Samples)> Measure(RelayBench bench, IRelayMode mode, int rate, TimeSpan duration)
    {
        var topic = bench.Kafka.CreateTopic("bench-latency", 6);
        var committed = new ConcurrentDictionary<Guid, long>();
        var latencies = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();
        // The relay starts after the current head, so the seeded backlog is not measured.
        var name = "bench-latency-" + Guid.NewGuid().ToString("N")[..8];
        if (await LastPosition(bench) is { } head) await bench.Outbox.Advance(name, null, head, []);
        var relay = mode.Run(bench, name, 1000, stop.Token);

        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bench.Kafka.BootstrapServers,
            GroupId = "bench-latency-" + Guid.NewGuid(),
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 5,
        }).Build();
        // Assigned, not subscribed: no group rebalance in the measured window.
        consumer.Assign(Enumerable.Range(0, 6).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var consuming = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result?.Message is null) continue;
                var now = Stopwatch.GetTimestamp();
                var id = Guid.Parse(Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes("message-id")));
                if (committed.TryRemove(id, out var at)) latencies.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
            }
        });

        await Task.Delay(TimeSpan.FromSeconds(2)); // the relay and the consumer settle (group join, metadata)
        var perWrite = Math.Max(1, rate * TicksPerWrite / 1000);
        var clock = Stopwatch.StartNew();
        var written = 0L;
        var payload = new byte[200];
        while (clock.Elapsed < duration)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            if (written >= due)
            {
                await Task.Delay(1);
                continue;
            }
            var messages = Enumerable.Range(0, perWrite).Select(i => new OutboxMessage(Guid.NewGuid(), topic, $"acct-{(written + i) % 64}", "Probe", payload)).ToList();
            await bench.Outbox.Enqueue(messages);
            var at = Stopwatch.GetTimestamp();
            foreach (var m in messages) committed[m.MessageId] = at;
            written += perWrite;
        }
        var deadline = Stopwatch.StartNew();
        while (!committed.IsEmpty && deadline.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        await stop.CancelAsync();
        await consuming;
        try
        {
            await relay;
        }
        catch (OperationCanceledException)
        {
        }
        if (!committed.IsEmpty) throw new InvalidOperationException($"{committed.Count} probe messages never arrived");
        var sorted = latencies.Order().ToList();
        Progress.Line($"latency ms: p50 {Percentile.Of(sorted, 50):N1}, p90 {Percentile.Of(sorted, 90):N1}, p95 {Percentile.Of(sorted, 95):N1}, p99 {Percentile.Of(sorted, 99):N1}, max {sorted.LastOrDefault():N1}");
        return (Percentile.Of(sorted, 50), Percentile.Of(sorted, 99), sorted.Count);
    }

    private static async Task<LogPosition?> LastPosition(RelayBench bench)
    {
        await using var cmd = bench.DataSource.CreateCommand("select transaction_id::text, position from outbox order by transaction_id desc, position desc limit 1");
        await using var reader = await cmd.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new LogPosition(ulong.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(1)) : null;
    }
}
