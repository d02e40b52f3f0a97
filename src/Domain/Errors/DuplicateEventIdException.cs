namespace EventFramework;

/// <summary>
/// An event id in the append is already stored as a different event (another stream or
/// another position). Re-appending the same events at the same position is not this error:
/// it succeeds idempotently.
/// </summary>
public sealed class DuplicateEventIdException(StreamName stream, Guid eventId, string existingStream, long existingPosition)
    : EventStoreException($"Event id {eventId} appended to '{stream}' is already stored in '{existingStream}' at position {existingPosition}.")
{
    public StreamName Stream { get; } = stream;
    public Guid EventId { get; } = eventId;
    public string ExistingStream { get; } = existingStream;
    public long ExistingPosition { get; } = existingPosition;
}
