using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace EventFramework.Benchmarks.Cdc;

/// <summary>
/// Measures relays from a prefilled outbox into a given <see cref="IProducer"/>, for the <c>relay</c>
/// suite's <c>cdc</c> mode: <see cref="Prepare"/> creates the schema and the CDC slot, then fills the
/// outbox (untimed); <see cref="MeasureCdc"/> times the <see cref="PostgresCdcRelay"/> from its slot
/// through the last message, and <see cref="MeasurePolling"/> the polling <see cref="OutboxRelay"/> over
/// the same rows (the baseline). <see cref="DisposeAsync"/> drops the slot and the schema.
/// </summary>
internal sealed class CdcRelayThroughput(string connectionString, string schema) : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private readonly string _slot = $"bench_cdc_{Guid.NewGuid():N}"[..22];
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);
    private PostgresCdcRelay? _relay;

    /// <summary>The messages in the outbox after <see cref="Prepare"/>.</summary>
    public long Messages { get; private set; }

    /// <summary>Recreates the schema, creates the slot, then enqueues <paramref name="messages"/> in transactions of <paramref name="perTransaction"/>.</summary>
    public async Task Prepare(int messages, int payloadBytes = 256, int perTransaction = 100, int batchSize = 500, CancellationToken ct = default)
    {
        await using (var drop = _dataSource.CreateCommand($"drop schema if exists \"{schema}\" cascade"))
            await drop.ExecuteNonQueryAsync(ct);
        await using (var store = new PostgresEventStore(_dataSource, new PostgresStoreOptions { Schema = schema }))
            await store.Migrate(ct);
        var options = new PostgresCdcOptions { Schema = schema, Slot = _slot, Relay = new OutboxRelayOptions { BatchSize = batchSize }, Heartbeat = null };
        _relay = new PostgresCdcRelay("bench-cdc", connectionString, new CountingProducer(), options);
        await _relay.EnsureSlot(ct);

        var outbox = new PostgresOutbox(_dataSource, schema);
        var payload = RandomNumberGenerator.GetBytes(payloadBytes);
        for (var done = 0; done < messages; done += perTransaction)
        {
            var batch = Enumerable.Range(done, Math.Min(perTransaction, messages - done))
                .Select(n => new OutboxMessage(Guid.NewGuid(), "bench.cdc", $"account-{n % 1000}", "Deposited", payload))
                .ToList();
            await outbox.Enqueue(batch, ct);
        }
        Messages = messages;
        BatchSize = batchSize;
    }

    private int BatchSize { get; set; }

    /// <summary>Times the CDC relay from the slot's start until <paramref name="producer"/> acknowledged every message.</summary>
    public async Task<RelayRate> MeasureCdc(IProducer producer, CancellationToken ct = default)
    {
        var counting = new Completion(producer, Messages);
        var options = new PostgresCdcOptions { Schema = schema, Slot = _slot, Relay = new OutboxRelayOptions { BatchSize = BatchSize }, Heartbeat = null };
        await using var relay = new PostgresCdcRelay("bench-cdc", connectionString, counting, options);
        return await Time("cdc", relay.Run, counting, ct);
    }

    /// <summary>Times the polling relay from the outbox's start until <paramref name="producer"/> acknowledged every message.</summary>
    public async Task<RelayRate> MeasurePolling(IProducer producer, CancellationToken ct = default)
    {
        var counting = new Completion(producer, Messages);
        var relay = new OutboxRelay($"bench-polling-{Guid.NewGuid():N}", new PostgresOutbox(_dataSource, schema), counting, options: new OutboxRelayOptions { BatchSize = BatchSize });
        return await Time("polling", relay.Run, counting, ct);
    }

    private static async Task<RelayRate> Time(string mode, Func<CancellationToken, Task> run, Completion counting, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watch = Stopwatch.StartNew();
        var running = run(stop.Token);
        var finished = await Task.WhenAny(counting.Done, running, Task.Delay(Timeout, ct));
        watch.Stop();
        await stop.CancelAsync();
        try { await running; }
        catch (OperationCanceledException) { }
        if (finished != counting.Done) throw new InvalidOperationException($"The {mode} relay stopped at {counting.Acknowledged} of {counting.Target} messages.");
        return new RelayRate(mode, counting.Acknowledged, watch.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        if (_relay is not null)
        {
            await _relay.DropSlot();
            await _relay.DisposeAsync();
        }
        await using (var drop = _dataSource.CreateCommand($"drop schema if exists \"{schema}\" cascade"))
            await drop.ExecuteNonQueryAsync();
        await _dataSource.DisposeAsync();
    }

    /// <summary>Passes batches to the measured producer and completes once it has acknowledged the target.</summary>
    private sealed class Completion(IProducer inner, long target) : IProducer
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _acknowledged;

        public long Target => target;

        public long Acknowledged => Interlocked.Read(ref _acknowledged);

        public Task Done => _done.Task;

        public async Task<IReadOnlyList<PublishFailure>> Produce(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
        {
            var failures = await inner.Produce(messages, ct);
            if (Interlocked.Add(ref _acknowledged, messages.Count - failures.Count) >= target) _done.TrySetResult();
            return failures;
        }
    }
}
