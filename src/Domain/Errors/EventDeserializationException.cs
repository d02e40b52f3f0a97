namespace EventFramework;

/// <summary>A stored payload does not match its registered type (malformed JSON or incompatible shape).</summary>
public sealed class EventDeserializationException(string eventType, Guid eventId, string stream, long streamPosition, Exception inner)
    : EventStoreException($"Event {eventId} ('{eventType}') in '{stream}' at {streamPosition} cannot be deserialized: {inner.Message}", inner)
{
    public string EventType { get; } = eventType;
    public Guid EventId { get; } = eventId;
    public string Stream { get; } = stream;
    public long StreamPosition { get; } = streamPosition;
}
