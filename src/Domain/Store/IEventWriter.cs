namespace EventFramework;

/// <summary>Appends events to a stream under optimistic concurrency.</summary>
public interface IEventWriter
{
    /// <summary>
    /// Appends all events atomically. Throws <see cref="WrongExpectedVersionException"/> (with the
    /// actual version) when the expectation fails, <see cref="StreamDeletedException"/>,
    /// <see cref="DuplicateEventIdException"/>, <see cref="InvalidEventException"/> or
    /// <see cref="EventTooLargeException"/>. Re-appending the same event ids at the same position
    /// succeeds with <see cref="AppendResult.AlreadyAppended"/>.
    /// </summary>
    Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct = default);
}
