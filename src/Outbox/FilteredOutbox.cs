namespace EventFramework;

/// <summary>
/// A view of an outbox holding only the messages <paramref name="include"/> accepts, so that
/// several relays (each under its own name, with its own position) share one outbox: e.g. one
/// delivering commands in process, another publishing integration events to Kafka.
/// <code>
/// var toKafka = new FilteredOutbox(store.Outbox, m => m.Destination == "bank.transactions");
/// </code>
/// </summary>
public sealed class FilteredOutbox(IOutboxStore inner, Func<OutboxMessage, bool> include) : IOutboxStore
{
    private readonly SparseScan<StoredOutboxMessage> _scan = new(inner.ReadAfter, m => m.Position, m => include(m.Message) ? m.Message : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredOutboxMessage>> ReadAfter(LogPosition after, int maxCount, CancellationToken ct = default) =>
        _scan.ReadAfter(after, maxCount, ct);

    /// <inheritdoc />
    public Task<LogPosition?> LoadPosition(string relay, CancellationToken ct = default) => inner.LoadPosition(relay, ct);

    /// <inheritdoc />
    public Task<bool> Advance(string relay, LogPosition? expected, LogPosition next, IReadOnlyList<DeadLetter> deadLetters, CancellationToken ct = default) =>
        inner.Advance(relay, expected, next, deadLetters, ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetter>> LoadDeadLetters(string relay, CancellationToken ct = default) => inner.LoadDeadLetters(relay, ct);
}
