using EventFramework.Store;
using EventFramework.Subscriptions;

namespace EventFramework;

/// <summary>
/// An event store in process memory, for unit tests and the live projection mode. It keeps the
/// full contract (versions, idempotency, tombstones, global order) but nothing survives the process.
/// </summary>
public sealed class InMemoryEventStore(TimeProvider? clock = null) : IEventStore, IOutboxAppender, ILogStatistics
{
    private sealed class Stream
    {
        public readonly List<RecordedEvent> Events = [];
        public long Version = -1;
        public bool Deleted;
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Stream> _streams = new(StringComparer.Ordinal);
    private readonly SortedList<long, RecordedEvent> _all = [];
    private readonly Dictionary<Guid, RecordedEvent> _byId = [];
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly List<OutboxMessage> _outbox = [];
    private long _sequence;

    /// <summary>Signals every append; subscriptions wait on it.</summary>
    public ChangeSignal Changes { get; } = new();

    /// <summary>The messages appends wrote to the outbox (<see cref="IOutboxAppender"/>), in commit order.</summary>
    public IReadOnlyList<OutboxMessage> OutboxMessages
    {
        get
        {
            lock (_lock) return [.. _outbox];
        }
    }

    /// <inheritdoc />
    public Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct = default) =>
        Append(stream, expected, events, [], ct);

    /// <inheritdoc />
    public Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        EventLimits.Validate(stream, events);
        AppendResult result;
        lock (_lock)
        {
            var s = _streams.GetValueOrDefault(stream.Value);
            if (s is { Deleted: true }) throw new StreamDeletedException(stream);
            var stored = new Dictionary<Guid, IdempotentAppend.StoredAt>();
            foreach (var e in events)
                if (_byId.TryGetValue(e.EventId, out var r)) stored[e.EventId] = new(r.Stream.Value, r.StreamPosition, r.Position);
            if (IdempotentAppend.Check(stream, expected, events, stored) is { } retry) return Task.FromResult(retry);

            var version = s?.Version ?? -1;
            if (!expected.IsSatisfiedBy(version)) throw new WrongExpectedVersionException(stream, expected, version);
            s ??= _streams[stream.Value] = new Stream();
            var now = _clock.GetUtcNow();
            RecordedEvent? last = null;
            foreach (var e in events)
            {
                // Copies, as a database would: the caller may reuse its buffers and header dictionaries.
                var metadata = e.Metadata with { Headers = new Dictionary<string, string>(e.Metadata.Headers) };
                last = new RecordedEvent(e.EventId, stream, ++s.Version, new LogPosition(0, ++_sequence), e.EventType, e.Data.ToArray(), metadata, now);
                s.Events.Add(last);
                _all.Add(last.Position.Sequence, last);
                _byId.Add(last.EventId, last);
            }
            result = new AppendResult(s.Version, last!.Position);
            _outbox.AddRange(messages);
        }
        Changes.Notify();
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordedEvent>> ReadStream(StreamName stream, long from, int maxCount, ReadDirection direction = ReadDirection.Forward, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        lock (_lock)
        {
            if (!_streams.TryGetValue(stream.Value, out var s)) return Task.FromResult<IReadOnlyList<RecordedEvent>>([]);
            if (s.Deleted) throw new StreamDeletedException(stream);
            IEnumerable<RecordedEvent> query = direction == ReadDirection.Forward
                ? s.Events.Where(e => e.StreamPosition >= from)
                : s.Events.Where(e => e.StreamPosition <= from).Reverse();
            return Task.FromResult<IReadOnlyList<RecordedEvent>>(query.Take(maxCount).ToList());
        }
    }

    /// <inheritdoc />
    public Task<long> GetStreamVersion(StreamName stream, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_streams.TryGetValue(stream.Value, out var s)) return Task.FromResult(-1L);
            return s.Deleted ? throw new StreamDeletedException(stream) : Task.FromResult(s.Version);
        }
    }

    /// <inheritdoc />
    public Task<RecordedEvent?> FindEvent(Guid eventId, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_byId.GetValueOrDefault(eventId));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordedEvent>> ReadAll(LogPosition after, int maxCount, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var result = new List<RecordedEvent>(Math.Min(maxCount, 1024));
            var keys = _all.Keys;
            var i = LowerBound(keys, after.Sequence + 1);
            for (; i < keys.Count && result.Count < maxCount; i++) result.Add(_all.Values[i]);
            return Task.FromResult<IReadOnlyList<RecordedEvent>>(result);
        }
    }

    /// <inheritdoc />
    public Task<long> CountAfter(LogPosition after, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult((long)(_all.Count - LowerBound(_all.Keys, after.Sequence + 1)));
    }

    /// <inheritdoc />
    public Task DeleteStream(StreamName stream, ExpectedVersion expected, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var s = _streams.GetValueOrDefault(stream.Value);
            if (s is { Deleted: true }) throw new StreamDeletedException(stream);
            if (!expected.IsSatisfiedBy(s?.Version ?? -1)) throw new WrongExpectedVersionException(stream, expected, s?.Version ?? -1);
            s ??= _streams[stream.Value] = new Stream();
            Remove(s.Events);
            s.Events.Clear();
            s.Deleted = true;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task TruncateStream(StreamName stream, long before, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_streams.TryGetValue(stream.Value, out var s)) return Task.CompletedTask;
            if (s.Deleted) throw new StreamDeletedException(stream);
            var gone = s.Events.Where(e => e.StreamPosition < before).ToList();
            Remove(gone);
            s.Events.RemoveAll(e => e.StreamPosition < before);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public EventSubscription SubscribeToAll(LogPosition after, SubscriptionOptions? options = null) =>
        CatchUpSubscriptions.All(this, Changes, after, options);

    /// <inheritdoc />
    public EventSubscription SubscribeToStream(StreamName stream, long from, SubscriptionOptions? options = null) =>
        CatchUpSubscriptions.Stream(this, Changes, stream, from, options);

    private void Remove(IEnumerable<RecordedEvent> events)
    {
        foreach (var e in events)
        {
            _all.Remove(e.Position.Sequence);
            _byId.Remove(e.EventId);
        }
    }

    private static int LowerBound(IList<long> keys, long value)
    {
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (keys[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
