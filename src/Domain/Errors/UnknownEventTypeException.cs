namespace EventFramework;

/// <summary>
/// A stored event has a type name that no registered CLR type (or upcaster) knows. The event
/// is intact in the store; register the type or an upcaster, or park it (projections do).
/// </summary>
public sealed class UnknownEventTypeException(string eventType, Guid eventId, string stream, long streamPosition)
    : EventStoreException($"Event {eventId} in '{stream}' at {streamPosition} has the unknown type '{eventType}'.")
{
    public string EventType { get; } = eventType;
    public Guid EventId { get; } = eventId;
    public string Stream { get; } = stream;
    public long StreamPosition { get; } = streamPosition;
}
