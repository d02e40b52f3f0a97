namespace EventFramework;

/// <summary>
/// The checks every backend runs on an append before touching storage, so a bad event is
/// refused the same way everywhere and nothing is half-written.
/// </summary>
public static class EventLimits
{
    /// <summary>Default largest payload: 8 MiB (PostgreSQL jsonb takes far more, but an event that size is a design smell).</summary>
    public const int DefaultMaxEventBytes = 8 * 1024 * 1024;

    /// <summary>The longest event type name.</summary>
    public const int MaxTypeNameLength = 256;

    /// <summary>True when <paramref name="data"/> is one complete UTF-8 JSON value.</summary>
    public static bool IsJson(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(data);
            while (reader.Read()) { }
            return reader.BytesConsumed > 0; // a second top-level value or trailing garbage throws
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>Throws a typed error for the first event that cannot be stored.</summary>
    public static void Validate(StreamName stream, IReadOnlyList<EventData> events, int maxEventBytes = DefaultMaxEventBytes)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (StreamName.Check(stream.ToString()) is { } problem) throw new InvalidStreamNameException(stream.ToString(), problem);
        if (events.Count == 0) throw new InvalidEventException(stream, Guid.Empty, "an append needs at least one event");
        var ids = new HashSet<Guid>();
        foreach (var e in events)
        {
            if (e is null) throw new InvalidEventException(stream, Guid.Empty, "the event is null");
            if (e.EventId == Guid.Empty) throw new InvalidEventException(stream, e.EventId, "the event id is empty");
            if (!ids.Add(e.EventId)) throw new InvalidEventException(stream, e.EventId, "the same event id appears twice in one append");
            if (string.IsNullOrWhiteSpace(e.EventType)) throw new InvalidEventException(stream, e.EventId, "the event type is empty");
            if (e.EventType.Length > MaxTypeNameLength) throw new InvalidEventException(stream, e.EventId, $"the event type is longer than {MaxTypeNameLength} characters");
            if (e.Data is null || e.Data.Length == 0) throw new InvalidEventException(stream, e.EventId, "the payload is empty");
            if (e.Data.Length > maxEventBytes) throw new EventTooLargeException(stream, e.EventId, e.Data.Length, maxEventBytes);
            if (e.Metadata is null) throw new InvalidEventException(stream, e.EventId, "the metadata is null (use EventMetadata.Empty)");
            if (!IsJson(e.Data)) throw new InvalidEventException(stream, e.EventId, "the payload is not valid UTF-8 JSON");
        }
    }
}
