namespace EventFramework;

/// <summary>
/// Publishes a batch to a broker, in order per key. Return the messages that can never be
/// published (they are dead-lettered and the rest flow on); throw for anything transient
/// (broker down, timeout): the relay retries the whole batch, so a producer must tolerate
/// republishing (consumers deduplicate by <see cref="OutboxMessage.MessageId"/>).
/// </summary>
public interface IProducer
{
    Task<IReadOnlyList<PublishFailure>> Produce(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default);
}
