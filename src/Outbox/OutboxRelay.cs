using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EventFramework.Diagnostics;
using Polly;
using Polly.Retry;

namespace EventFramework;

/// <summary>
/// Publishes outbox messages in commit order: reads a batch after its position, hands it to the
/// producer, then records the new position (and any dead letters) with a compare-and-set.
/// Nothing is marked done before the broker acknowledged it, so a crash republishes the last
/// batch at worst (at-least-once; consumers deduplicate by message id). While the broker is
/// down it retries with back-off, without limit, and loses nothing.
/// </summary>
public sealed class OutboxRelay
{
    private static readonly Counter<long> Published = EventFrameworkMetrics.Meter.CreateCounter<long>("eventframework.outbox.published", "{message}", "Outbox messages published");
    private static readonly Counter<long> DeadLettered = EventFrameworkMetrics.Meter.CreateCounter<long>("eventframework.outbox.dead_lettered", "{message}", "Outbox messages dead-lettered");

    private static readonly Task NoWakeUps = new TaskCompletionSource().Task;
    private static readonly ConcurrentDictionary<OutboxRelay, byte> Running = new();

    static OutboxRelay() =>
        EventFrameworkMetrics.Meter.CreateObservableGauge("eventframework.outbox.lag",
            () => Running.Keys.Select(r => new Measurement<double>(r.Status.Lag.TotalSeconds, new KeyValuePair<string, object?>("relay", r.Name))),
            "s", "How long a relay has had messages waiting without catching up (0 when caught up)");

    private readonly IOutboxStore _store;
    private readonly IProducer _producer;
    private readonly ChangeSignal? _wakeUps;
    private readonly OutboxRelayOptions _options;
    private readonly ResiliencePipeline _retry;
    private OutboxRelayStatus _status;

    /// <summary>A relay named <paramref name="name"/> (its position is kept under that name).</summary>
    public OutboxRelay(string name, IOutboxStore store, IProducer producer, ChangeSignal? wakeUps = null, OutboxRelayOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _store = store;
        _producer = producer;
        _wakeUps = wakeUps;
        _options = options ?? new OutboxRelayOptions();
        _status = new OutboxRelayStatus { Name = name };
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                Delay = _options.RetryDelay,
                MaxDelay = _options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                OnRetry = args =>
                {
                    Update(s => s with { LastError = args.Outcome.Exception?.Message });
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>The relay's name.</summary>
    public string Name { get; }

    /// <summary>The latest status (safe to read from any thread).</summary>
    public OutboxRelayStatus Status => Volatile.Read(ref _status);

    /// <summary>
    /// Relays until <paramref name="ct"/> is cancelled. The next batch is read while the current one
    /// is published: reading is a query, publishing waits on the broker.
    /// </summary>
    public async Task Run(CancellationToken ct)
    {
        var position = await _retry.ExecuteAsync(async t => await _store.LoadPosition(Name, t).ConfigureAwait(false), ct).ConfigureAwait(false);
        Update(s => s with { Position = position, Standby = false });
        Task<IReadOnlyList<StoredOutboxMessage>>? prefetched = null;
        Running.TryAdd(this, 0);
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                IReadOnlyList<StoredOutboxMessage> batch;
                if (prefetched is not null)
                {
                    batch = await prefetched.ConfigureAwait(false);
                    prefetched = null;
                    if (batch.Count == 0) continue; // read again after taking the wake-up signal, not before
                }
                else
                {
                    var change = _wakeUps?.NextChange ?? NoWakeUps;
                    batch = await Read(position, ct).ConfigureAwait(false);
                    if (batch.Count == 0)
                    {
                        if (Status.BehindSince is not null) Update(s => s with { BehindSince = null }); // caught up
                        await ChangeSignal.WaitAsync(change, _options.PollInterval, ct).ConfigureAwait(false);
                        continue;
                    }
                }

                if (Status.BehindSince is null) Update(s => s with { BehindSince = DateTimeOffset.UtcNow });
                var last = batch[^1].Position;
                prefetched = Read(last, ct);
                if (!await Publish(position, batch, ct).ConfigureAwait(false))
                {
                    // Another instance moved on: continue from where it is.
                    await Discard(prefetched).ConfigureAwait(false);
                    prefetched = null;
                    position = await _retry.ExecuteAsync(async t => await _store.LoadPosition(Name, t).ConfigureAwait(false), ct).ConfigureAwait(false);
                    continue;
                }
                position = last;
            }
        }
        finally
        {
            Running.TryRemove(this, out _);
            if (prefetched is not null) await Discard(prefetched).ConfigureAwait(false);
        }
    }

    private Task<IReadOnlyList<StoredOutboxMessage>> Read(LogPosition? after, CancellationToken ct) =>
        _retry.ExecuteAsync(async t => await _store.ReadAfter(after ?? LogPosition.Start, _options.BatchSize, t).ConfigureAwait(false), ct).AsTask();

    /// <summary>Publishes <paramref name="batch"/>, then records the new position and any dead letters; false when another instance moved first.</summary>
    private async Task<bool> Publish(LogPosition? expected, IReadOnlyList<StoredOutboxMessage> batch, CancellationToken ct)
    {
        var failures = await _retry.ExecuteAsync(async t => await _producer.Produce([.. batch.Select(m => m.Message)], t).ConfigureAwait(false), ct).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var reasons = failures.ToDictionary(f => f.MessageId, f => f.Reason);
        var deadLetters = batch.Where(m => reasons.ContainsKey(m.Message.MessageId))
            .Select(m => new DeadLetter(Name, m, reasons[m.Message.MessageId], now))
            .ToList();
        var advanced = await _retry.ExecuteAsync(async t => await _store.Advance(Name, expected, batch[^1].Position, deadLetters, t).ConfigureAwait(false), ct).ConfigureAwait(false);
        if (!advanced) return false;

        var tag = new KeyValuePair<string, object?>("relay", Name);
        Published.Add(batch.Count - deadLetters.Count, tag);
        if (deadLetters.Count > 0) DeadLettered.Add(deadLetters.Count, tag);
        Update(s => s with
        {
            Position = batch[^1].Position,
            Published = s.Published + batch.Count - deadLetters.Count,
            DeadLettered = s.DeadLettered + deadLetters.Count,
            LastError = null,
        });
        return true;
    }

    /// <summary>Waits for a read nobody needs any more, so that its failure is not left unobserved.</summary>
    private static async Task Discard(Task read)
    {
        try { await read.ConfigureAwait(false); }
        catch (Exception) { } // cancelled with the relay, or a failure the next read meets again
    }

    /// <summary>The lease key of this relay: one active relay per name.</summary>
    public string LeaseKey => $"outbox-relay:{Name}";

    /// <summary>
    /// Relays only while this instance holds the relay's lease, so a standby instance publishes
    /// nothing twice while the holder lives, and takes over within the lease duration when it dies.
    /// (Without a lease, two instances stay correct through the position compare-and-set, but both
    /// publish each batch.)
    /// </summary>
    public Task RunWithLease(IProjectionLease lease, LeaseOptions? options = null, CancellationToken ct = default) =>
        LeasedWork.Run(lease, LeaseKey, options ?? new LeaseOptions(), Run,
            isTransient: ex => ex is EventStoreUnavailableException or TimeoutException or IOException or System.Data.Common.DbException,
            onStandby: () => Update(s => s with { Standby = true }),
            onLeaseError: ex => Update(s => s with { LastError = $"lease unavailable: {ex.Message}" }),
            ct: ct);

    private void Update(Func<OutboxRelayStatus, OutboxRelayStatus> change) => Volatile.Write(ref _status, change(Status));
}
