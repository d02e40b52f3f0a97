namespace EventFramework;

/// <summary>An outbox in process memory, for tests: enqueue, relay positions and dead letters.</summary>
public sealed class InMemoryOutbox : IOutboxStore
{
    private readonly Lock _lock = new();
    private readonly List<(StoredOutboxMessage Message, DateTimeOffset Created)> _messages = [];
    private readonly Dictionary<string, LogPosition> _positions = new(StringComparer.Ordinal);
    private readonly List<DeadLetter> _deadLetters = [];
    private long _sequence;

    /// <summary>Signals every enqueue; relays wait on it.</summary>
    public ChangeSignal Changes { get; } = new();

    /// <summary>Adds messages (what a command's transaction does on a database).</summary>
    public void Enqueue(params IReadOnlyList<OutboxMessage> messages)
    {
        lock (_lock)
            foreach (var m in messages) _messages.Add((new StoredOutboxMessage(m, new LogPosition(0, ++_sequence)), DateTimeOffset.UtcNow));
        Changes.Notify();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredOutboxMessage>> ReadAfter(LogPosition after, int maxCount, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<StoredOutboxMessage>>(_messages.Select(m => m.Message).Where(m => m.Position > after).Take(maxCount).ToList());
    }

    /// <inheritdoc />
    public Task<LogPosition?> LoadPosition(string relay, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_positions.TryGetValue(relay, out var p) ? p : (LogPosition?)null);
    }

    /// <inheritdoc />
    public Task<bool> Advance(string relay, LogPosition? expected, LogPosition next, IReadOnlyList<DeadLetter> deadLetters, CancellationToken ct = default)
    {
        lock (_lock)
        {
            LogPosition? stored = _positions.TryGetValue(relay, out var p) ? p : null;
            if (stored != expected) return Task.FromResult(false);
            _positions[relay] = next;
            _deadLetters.AddRange(deadLetters);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetter>> LoadDeadLetters(string relay, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<DeadLetter>>(_deadLetters.Where(d => d.Relay == relay).ToList());
    }

    /// <summary>Deletes what every relay is done with and is older than <paramref name="keep"/>, as the database outboxes do.</summary>
    public int DeleteRelayed(TimeSpan keep)
    {
        lock (_lock)
        {
            if (_positions.Count == 0) return 0;
            var slowest = _positions.Values.Min();
            var before = DateTimeOffset.UtcNow - keep;
            return _messages.RemoveAll(m => m.Message.Position <= slowest && m.Created <= before);
        }
    }
}
