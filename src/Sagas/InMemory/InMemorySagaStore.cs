using EventFramework.Sagas;

namespace EventFramework;

/// <summary>
/// Sagas in process memory, for tests: one transaction at a time (as SQLite's single writer),
/// changes staged and applied on commit, outgoing messages handed to an <see cref="InMemoryOutbox"/>.
/// Timeouts fall due by <see cref="Clock"/>, which tests may move.
/// </summary>
public sealed partial class InMemorySagaStore(InMemoryOutbox outbox) : ISagaStore
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Dictionary<SagaKey, SagaRecord> _sagas = [];
    private readonly Dictionary<TimeoutKey, DueTimeout> _timeouts = [];
    private readonly Dictionary<(string SagaType, Guid MessageId), string> _inbox = [];
    private readonly List<SagaHistoryEntry> _history = [];
    private readonly Dictionary<string, LogPosition> _checkpoints = new(StringComparer.Ordinal);

    /// <summary>The outbox committed messages go to.</summary>
    public InMemoryOutbox Outbox { get; } = outbox;

    /// <summary>The store's clock: when timeouts are due.</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public async Task<ISagaTransaction> Begin(CancellationToken ct = default)
    {
        await _writer.WaitAsync(ct).ConfigureAwait(false);
        return new Transaction(this);
    }

    /// <inheritdoc />
    public async Task<LogPosition?> LoadCheckpoint(string key, CancellationToken ct = default)
    {
        await _writer.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return _checkpoints.TryGetValue(key, out var p) ? p : null;
        }
        finally
        {
            _writer.Release();
        }
    }

    private sealed class Transaction(InMemorySagaStore store) : ISagaTransaction
    {
        private readonly List<Action> _apply = [];
        private bool _done;

        public Task<bool> MoveCheckpoint(string key, LogPosition? expected, LogPosition next, CancellationToken ct = default)
        {
            LogPosition? stored = store._checkpoints.TryGetValue(key, out var p) ? p : null;
            if (stored != expected) return Task.FromResult(false);
            _apply.Add(() => store._checkpoints[key] = next);
            return Task.FromResult(true);
        }

        public Task<IReadOnlyList<DueTimeout>> ClaimDueTimeouts(string sagaType, int maxCount, CancellationToken ct = default)
        {
            var now = store.Clock();
            return Task.FromResult<IReadOnlyList<DueTimeout>>(store._timeouts.Values
                .Where(t => t.SagaType == sagaType && t.DueAt <= now).OrderBy(t => t.DueAt).Take(maxCount).ToList());
        }

        public Task<IReadOnlyDictionary<string, SagaRecord>> Load(string sagaType, IReadOnlyCollection<string> sagaIds, CancellationToken ct = default)
        {
            var found = new Dictionary<string, SagaRecord>(StringComparer.Ordinal);
            foreach (var id in sagaIds)
                if (store._sagas.TryGetValue(new SagaKey(sagaType, id), out var record)) found[id] = record;
            return Task.FromResult<IReadOnlyDictionary<string, SagaRecord>>(found);
        }

        public Task<IReadOnlySet<Guid>> Handled(string sagaType, IReadOnlyCollection<Guid> messageIds, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlySet<Guid>>(messageIds.Where(id => store._inbox.ContainsKey((sagaType, id))).ToHashSet());

        public Task Save(SagaChanges changes, CancellationToken ct = default)
        {
            foreach (var write in changes.Sagas)
            {
                var stored = store._sagas.TryGetValue(new SagaKey(write.Record.SagaType, write.Record.SagaId), out var r) ? r.Version : 0;
                if (stored != write.ExpectedVersion)
                    throw new SagaConcurrencyException($"Saga '{write.Record.SagaId}' of '{write.Record.SagaType}' is at version {stored}, not {write.ExpectedVersion}.");
            }
            var duplicate = changes.Outbox.Select(m => m.MessageId).Intersect(store.Outbox.ReadAfter(LogPosition.Start, int.MaxValue).Result.Select(m => m.Message.MessageId)).FirstOrDefault();
            if (duplicate != Guid.Empty) throw new InvalidOperationException($"Outbox message {duplicate} was already written: a message was applied twice.");
            var now = store.Clock();
            _apply.Add(() => store.Apply(changes, now));
            return Task.CompletedTask;
        }

        public Task Commit(CancellationToken ct = default)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            foreach (var apply in _apply) apply();
            _done = true;
            store._writer.Release();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (!_done)
            {
                _done = true;
                store._writer.Release();
            }
            return ValueTask.CompletedTask;
        }
    }

    private void Apply(SagaChanges changes, DateTimeOffset now)
    {
        var fired = changes.Fired.ToHashSet();
        foreach (var key in _timeouts.Where(t => fired.Contains(t.Value.TimeoutId)).Select(t => t.Key).ToList()) _timeouts.Remove(key);
        foreach (var key in changes.Cancel) _timeouts.Remove(key);
        foreach (var saga in changes.Finished)
        {
            foreach (var key in _timeouts.Keys.Where(k => k.SagaType == saga.SagaType && k.SagaId == saga.SagaId).ToList()) _timeouts.Remove(key);
            foreach (var key in _inbox.Where(i => i.Key.SagaType == saga.SagaType && i.Value == saga.SagaId).Select(i => i.Key).ToList()) _inbox.Remove(key);
        }
        foreach (var write in changes.Sagas)
        {
            var key = new SagaKey(write.Record.SagaType, write.Record.SagaId);
            _sagas[key] = _sagas.TryGetValue(key, out var old) ? write.Record with { Created = old.Created, Updated = now } : write.Record with { Created = now, Updated = now };
        }
        foreach (var t in changes.Schedule)
            _timeouts[new TimeoutKey(t.SagaType, t.SagaId, t.Name)] = new DueTimeout(t.SagaType, t.SagaId, t.Name, t.TimeoutId, now + t.Delay, t.Type, t.Payload);
        foreach (var entry in changes.Inbox) _inbox[(entry.SagaType, entry.MessageId)] = entry.SagaId;
        _history.AddRange(changes.History.Select(h => h with { At = now }));
        if (changes.Outbox.Count > 0) Outbox.Enqueue(changes.Outbox);
    }
}
