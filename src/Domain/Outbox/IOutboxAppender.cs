namespace EventFramework;

/// <summary>
/// A store that writes outbox messages in the same transaction as an append: both exist, or
/// neither. The command service uses it when it publishes integration messages
/// (<see cref="CommandService{TState}.Publish(IntegrationMap)"/>).
/// </summary>
public interface IOutboxAppender
{
    /// <summary>
    /// Appends <paramref name="events"/> as <see cref="IEventWriter.Append"/> does and, in the same
    /// transaction, enqueues <paramref name="messages"/>. An idempotent re-append
    /// (<see cref="AppendResult.AlreadyAppended"/>) enqueues nothing: the first append did.
    /// </summary>
    Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default);
}
