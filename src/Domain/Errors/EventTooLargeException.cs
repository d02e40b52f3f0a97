namespace EventFramework;

/// <summary>An event's payload exceeds the store's limit. Nothing was written.</summary>
public sealed class EventTooLargeException(StreamName stream, Guid eventId, int size, int limit)
    : EventStoreException($"Event {eventId} for '{stream}' is {size} bytes; the limit is {limit}.")
{
    public StreamName Stream { get; } = stream;
    public Guid EventId { get; } = eventId;
    public int Size { get; } = size;
    public int Limit { get; } = limit;
}
