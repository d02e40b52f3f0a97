namespace EventFramework;

/// <summary>
/// Everything one saga transaction writes. Stores apply it in this order: fired and cancelled
/// timeouts are deleted (every timeout and inbox entry of a <see cref="Finished"/> saga too),
/// then sagas are written with their version check, timeouts scheduled, outbox messages,
/// inbox entries and history stored.
/// </summary>
public sealed record SagaChanges
{
    public IReadOnlyList<SagaWrite> Sagas { get; init; } = [];
    public IReadOnlyList<OutboxMessage> Outbox { get; init; } = [];
    public IReadOnlyList<ScheduledTimeout> Schedule { get; init; } = [];
    public IReadOnlyList<TimeoutKey> Cancel { get; init; } = [];

    /// <summary>Sagas that reached a terminal state: their timeouts and inbox entries go.</summary>
    public IReadOnlyList<SagaKey> Finished { get; init; } = [];

    /// <summary>Claimed timeouts that were handled (or dropped): deleted by id.</summary>
    public IReadOnlyList<Guid> Fired { get; init; } = [];
    public IReadOnlyList<InboxEntry> Inbox { get; init; } = [];
    public IReadOnlyList<SagaHistoryEntry> History { get; init; } = [];

    /// <summary>True when there is nothing to write.</summary>
    public bool IsEmpty => Sagas.Count == 0 && Outbox.Count == 0 && Schedule.Count == 0 && Cancel.Count == 0
        && Finished.Count == 0 && Fired.Count == 0 && Inbox.Count == 0 && History.Count == 0;
}
