using System.Diagnostics.Metrics;
using EventFramework.Diagnostics;
using EventFramework.Sagas;

namespace EventFramework;

/// <summary>
/// Runs one saga type. Messages come from the global log (<see cref="Run"/>: a catch-up
/// subscription with a checkpoint) or straight from a broker (<see cref="Handle"/>, deduplicated
/// by an inbox); due timeouts are claimed from the store. Each batch is one store transaction
/// holding the sagas' new state (optimistic version), the outgoing messages (outbox), the
/// checkpoint move or inbox entries, and the timeouts scheduled, cancelled or fired. A batch that
/// lost a race to another transaction is rolled back and built again from the new state.
/// </summary>
public sealed partial class SagaEngine<TState> where TState : class, new()
{
    private static readonly Counter<long> HandledCounter = EventFrameworkMetrics.Meter.CreateCounter<long>("eventframework.saga.handled", "{message}", "Messages handled by sagas");
    private static readonly Counter<long> EndedCounter = EventFrameworkMetrics.Meter.CreateCounter<long>("eventframework.saga.ended", "{saga}", "Sagas that reached a terminal state");

    private readonly ISagaStore _store;
    private readonly Saga<TState> _saga;
    private readonly EventSerializer _serializer;
    private readonly SagaOptions _options;
    private readonly HashSet<string> _handledNames;
    private readonly Lock _statusLock = new();
    private SagaEngineStatus _status;

    /// <summary>An engine for <paramref name="saga"/>; nothing runs until <see cref="Run"/>, <see cref="Handle"/> or <see cref="FireDueTimeouts"/>.</summary>
    public SagaEngine(ISagaStore store, Saga<TState> saga, EventSerializer serializer, SagaOptions? options = null)
    {
        _store = store;
        _saga = saga;
        _serializer = serializer;
        _options = options ?? new SagaOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.BatchSize);
        _handledNames = [.. saga.HandledTypes.Select(serializer.Registry.NameOf)];
        foreach (var type in saga.TimeoutTypes)
        {
            // Timeout types that carry their stable name (StepTimedOut) need no registration by hand.
            if (type.GetCustomAttributes(typeof(EventTypeAttribute), false).Length > 0) serializer.Registry.Register(type);
            serializer.Registry.NameOf(type); // an unregistered timeout type fails now, not when it fires
        }
        _status = new SagaEngineStatus { Saga = saga.Name };
    }

    /// <summary>The key of this engine's log checkpoint.</summary>
    public string CheckpointKey => $"saga:{_saga.Name}";

    /// <summary>The latest status (safe to read from any thread).</summary>
    public SagaEngineStatus Status => Volatile.Read(ref _status);

    /// <summary>
    /// Handles messages delivered by a broker, in order, in one transaction (retried on conflicts);
    /// a message id already in the inbox is dropped. Returns how many messages changed a saga.
    /// </summary>
    public Task<int> Handle(IReadOnlyList<SagaMessage> messages, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var incoming = new List<(string SagaId, SagaMessage Message)>();
        foreach (var m in messages)
        {
            ArgumentNullException.ThrowIfNull(m?.Body, nameof(messages));
            if (Correlate(m.Body) is { } sagaId) incoming.Add((sagaId, m));
        }
        if (incoming.Count == 0) return Task.FromResult(0);

        return Transact(async (tx, t) =>
        {
            // A message id counts once it changed a saga, here as across calls: a copy of a message
            // that was dropped (its saga did not exist yet) is applied like any redelivery.
            var handled = new HashSet<Guid>(await tx.Handled(_saga.Name, [.. incoming.Select(i => i.Message.MessageId).Distinct()], t).ConfigureAwait(false));
            var batch = await Load(tx, incoming.Select(i => i.SagaId), t).ConfigureAwait(false);
            foreach (var (sagaId, m) in incoming)
                if (!handled.Contains(m.MessageId) && batch.Apply(sagaId, m.MessageId, m.Body, recordInbox: true)) handled.Add(m.MessageId);
            await Save(tx, batch, t).ConfigureAwait(false);
            return batch;
        }, ct);
    }

    /// <summary>Claims and handles one batch of due timeouts; returns how many were claimed (0: none due).</summary>
    public async Task<int> FireDueTimeouts(CancellationToken ct = default)
    {
        var claimed = 0;
        await Transact(async (tx, t) =>
        {
            var due = await tx.ClaimDueTimeouts(_saga.Name, _options.BatchSize, t).ConfigureAwait(false);
            claimed = due.Count;
            if (due.Count == 0) return null;
            var batch = await Load(tx, due.Select(d => d.SagaId), t).ConfigureAwait(false);
            foreach (var timeout in due) batch.ApplyTimeout(timeout);
            await Save(tx, batch, t).ConfigureAwait(false);
            return batch;
        }, ct).ConfigureAwait(false);
        if (claimed > 0) Update(s => s with { TimeoutsFired = s.TimeoutsFired + claimed });
        return claimed;
    }

    /// <summary>Fires due timeouts until <paramref name="ct"/> is cancelled, polling when none are due.</summary>
    public async Task RunTimeouts(CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (await FireDueTimeouts(ct).ConfigureAwait(false) == 0)
                await Task.Delay(_options.TimeoutPollInterval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Follows the global log of <paramref name="source"/> from the stored checkpoint and fires due
    /// timeouts, until <paramref name="ct"/> is cancelled.
    /// </summary>
    public async Task Run(IEventSubscriptions source, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var log = RunSubscription(source, stop.Token);
        var timeouts = RunTimeouts(stop.Token);
        try
        {
            await await Task.WhenAny(log, timeouts).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try { await Task.WhenAll(log, timeouts).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
    }

    private string? Correlate(object body) =>
        _saga.TryGetHandler(body.GetType(), out var handler) && handler.Correlate(body) is { Length: > 0 } id ? id : null;

    private async Task<SagaBatch<TState>> Load(ISagaTransaction tx, IEnumerable<string> sagaIds, CancellationToken ct)
    {
        var ids = sagaIds.Distinct(StringComparer.Ordinal).ToList();
        var loaded = ids.Count == 0 ? new Dictionary<string, SagaRecord>() : await tx.Load(_saga.Name, ids, ct).ConfigureAwait(false);
        return new SagaBatch<TState>(_saga, _serializer, loaded);
    }

    private static async Task Save(ISagaTransaction tx, SagaBatch<TState> batch, CancellationToken ct)
    {
        var changes = batch.ToChanges();
        if (!changes.IsEmpty) await tx.Save(changes, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a store transaction and commits, again from the start after
    /// a concurrency conflict or while the database is unavailable. Returns the applied count.
    /// </summary>
    private async Task<int> Transact(Func<ISagaTransaction, CancellationToken, Task<SagaBatch<TState>?>> work, CancellationToken ct)
    {
        var backoff = _options.RetryDelay;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                SagaBatch<TState>? batch;
                await using (var tx = await _store.Begin(ct).ConfigureAwait(false))
                {
                    batch = await work(tx, ct).ConfigureAwait(false);
                    if (batch is null) return 0; // nothing claimed: disposing rolls back
                    await tx.Commit(ct).ConfigureAwait(false);
                }
                Record(batch);
                return batch.Applied;
            }
            catch (SagaConcurrencyException ex)
            {
                Update(s => s with { Conflicts = s.Conflicts + 1, LastError = ex.Message });
                await Task.Delay(Random.Shared.Next(1, 20), ct).ConfigureAwait(false);
            }
            catch (EventStoreUnavailableException ex) when (!ct.IsCancellationRequested)
            {
                Update(s => s with { LastError = ex.Message });
                await Task.Delay(backoff, ct).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private void Record(SagaBatch<TState> batch)
    {
        var tag = new KeyValuePair<string, object?>("saga", _saga.Name);
        if (batch.Applied > 0) HandledCounter.Add(batch.Applied, tag);
        if (batch.Ended > 0) EndedCounter.Add(batch.Ended, tag);
        Update(s => s with { Handled = s.Handled + batch.Applied, Dropped = s.Dropped + batch.Dropped, Ended = s.Ended + batch.Ended, LastError = null });
    }

    private void Update(Func<SagaEngineStatus, SagaEngineStatus> change)
    {
        lock (_statusLock) Volatile.Write(ref _status, change(Status));
    }
}
