namespace EventFramework;

/// <summary>
/// An event as stored: the envelope every reader gets. <see cref="Data"/> is the UTF-8 JSON
/// payload as written (upcasting happens in <see cref="EventSerializer"/>, not here).
/// </summary>
public sealed record RecordedEvent(
    Guid EventId,
    StreamName Stream,
    long StreamPosition,
    LogPosition Position,
    string EventType,
    byte[] Data,
    EventMetadata Metadata,
    DateTimeOffset Created);
