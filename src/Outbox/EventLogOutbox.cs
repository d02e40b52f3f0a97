namespace EventFramework;

/// <summary>
/// The event log itself as the outbox: relays read ReadAll (commit order, no skips) and publish the
/// events that <see cref="IntegrationMap"/> maps, as their public contracts, so a service can publish
/// without writing outbox rows. Positions and dead letters live in <paramref name="positions"/>
/// (the database's outbox store). An event of a mapped type that cannot be read (a missing upcaster)
/// stops the relay with <see cref="EventDeserializationException"/> in its status until it is fixed:
/// skipping it would lose a message.
/// <code>
/// var relay = new OutboxRelay("public-events", new EventLogOutbox(store, serializer, published, store.Outbox), producer, store.Changes);
/// </code>
/// </summary>
public sealed class EventLogOutbox(IAllEventsReader events, EventSerializer serializer, IntegrationMap map, IOutboxStore positions) : IOutboxStore
{
    private const int PageSize = 1000;

    private readonly Lock _lock = new();

    // Where the last fruitless scan started and ended: the next read from there skips what it already
    // found to hold no mapped event, so a log full of private events is scanned once, not on every poll.
    private (LogPosition From, LogPosition To)? _emptyScan;

    /// <summary>Up to <paramref name="maxCount"/> mapped events after <paramref name="after"/>, as messages.</summary>
    public async Task<IReadOnlyList<StoredOutboxMessage>> ReadAfter(LogPosition after, int maxCount, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var from = after;
        lock (_lock)
        {
            if (_emptyScan is { } scan && scan.From == after) from = scan.To;
        }
        var messages = new List<StoredOutboxMessage>();
        while (messages.Count < maxCount)
        {
            var page = await events.ReadAll(from, PageSize, ct).ConfigureAwait(false);
            foreach (var e in page)
            {
                if (messages.Count == maxCount) break;
                if (ToMessage(e) is { } message) messages.Add(new StoredOutboxMessage(message, e.Position));
                from = e.Position;
            }
            if (page.Count < PageSize) break;
        }
        lock (_lock) _emptyScan = messages.Count == 0 ? (after, from) : null;
        return messages;
    }

    private OutboxMessage? ToMessage(RecordedEvent e)
    {
        var mapped = serializer.Registry.TryGetType(e.EventType, out var type)
            ? map.Handles(type)
            : serializer.Registry.TryGetUpcaster(e.EventType, out _); // an old name: its current type decides
        if (!mapped) return null;
        var domainEvent = serializer.Deserialize(e);
        return map.ToMessage(domainEvent, new IntegrationContext(e.Stream, e.EventId, e.Metadata));
    }

    /// <inheritdoc />
    public Task<LogPosition?> LoadPosition(string relay, CancellationToken ct = default) => positions.LoadPosition(relay, ct);

    /// <inheritdoc />
    public Task<bool> Advance(string relay, LogPosition? expected, LogPosition next, IReadOnlyList<DeadLetter> deadLetters, CancellationToken ct = default) =>
        positions.Advance(relay, expected, next, deadLetters, ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetter>> LoadDeadLetters(string relay, CancellationToken ct = default) => positions.LoadDeadLetters(relay, ct);
}
