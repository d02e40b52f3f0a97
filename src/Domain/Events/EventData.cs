namespace EventFramework;

/// <summary>
/// An event ready to append: its id (unique across the store, which makes appends
/// idempotent), its stable type name, its UTF-8 JSON payload and its metadata.
/// </summary>
public sealed record EventData(Guid EventId, string EventType, byte[] Data, EventMetadata Metadata)
{
    /// <summary>An event with no metadata.</summary>
    public EventData(Guid eventId, string eventType, byte[] data) : this(eventId, eventType, data, EventMetadata.Empty) { }
}
