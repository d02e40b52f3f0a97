namespace EventFramework;

/// <summary>
/// A message to publish: written to the outbox in the same transaction as the change that
/// caused it, published later by the relay. <see cref="MessageId"/> is the consumers'
/// deduplication key; <see cref="Key"/> (the stream id, usually) orders messages per key.
/// </summary>
public sealed record OutboxMessage(Guid MessageId, string Destination, string Key, string Type, byte[] Payload, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>A message without headers.</summary>
    public OutboxMessage(Guid messageId, string destination, string key, string type, byte[] payload)
        : this(messageId, destination, key, type, payload, new Dictionary<string, string>()) { }
}
