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
    private readonly SparseScan<RecordedEvent> _scan = new(events.ReadAll, e => e.Position, e => ToMessage(e, serializer, map));

    /// <summary>Up to <paramref name="maxCount"/> mapped events after <paramref name="after"/>, as messages.</summary>
    public Task<IReadOnlyList<StoredOutboxMessage>> ReadAfter(LogPosition after, int maxCount, CancellationToken ct = default) =>
        _scan.ReadAfter(after, maxCount, ct);

    private static OutboxMessage? ToMessage(RecordedEvent e, EventSerializer serializer, IntegrationMap map)
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
