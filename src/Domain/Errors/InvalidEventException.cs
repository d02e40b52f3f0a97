namespace EventFramework;

/// <summary>An event in an append cannot be stored as given. Nothing was written.</summary>
public sealed class InvalidEventException(StreamName stream, Guid eventId, string reason)
    : EventStoreException($"Cannot append event {eventId} to '{stream}': {reason}.")
{
    public StreamName Stream { get; } = stream;
    public Guid EventId { get; } = eventId;
    public string Reason { get; } = reason;
}
