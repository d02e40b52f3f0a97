namespace EventFramework;

/// <summary>
/// Where a CDC reader (<see cref="PostgresCdcRelay"/> or <see cref="PostgresWalSource"/>) reads and
/// how it batches and backs off. The slot and publication are created on first start when missing.
/// </summary>
public sealed record PostgresCdcOptions
{
    /// <summary>The store's schema (its outbox and events tables).</summary>
    public string Schema { get; init; } = "eventframework";

    /// <summary>The replication slot (lower-case letters, digits, underscores); by default derived from the reader's name.</summary>
    public string? Slot { get; init; }

    /// <summary>The publication; by default the slot's name.</summary>
    public string? Publication { get; init; }

    /// <summary>Batch size and back-off, as for the polling relay (its <see cref="OutboxRelayOptions.PollInterval"/> is not used).</summary>
    public OutboxRelayOptions Relay { get; init; } = new();

    /// <summary>The longest a batch waits to fill up before it is published.</summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often the slot is inspected (lag, and whether it still exists).</summary>
    public TimeSpan LagInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The relay publishes only the messages this accepts (null: all), like a <see cref="FilteredOutbox"/>:
    /// several relays, each with its own slot, share one outbox. The others are passed over and confirmed.
    /// </summary>
    public Func<OutboxMessage, bool>? Include { get; init; }

    /// <summary>
    /// After this long without a change, the reader writes a tiny non-transactional WAL message
    /// (<c>pg_logical_emit_message</c>) and confirms past it, so an idle table does not make the
    /// slot hold WAL that other tables write. Null turns it off.
    /// </summary>
    public TimeSpan? Heartbeat { get; init; } = TimeSpan.FromSeconds(10);
}
