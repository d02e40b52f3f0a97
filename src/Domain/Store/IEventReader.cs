namespace EventFramework;

/// <summary>Reads one stream, or one event by id.</summary>
public interface IEventReader
{
    /// <summary>
    /// Reads up to <paramref name="maxCount"/> events starting at <paramref name="from"/> (inclusive),
    /// forward or backward. A missing stream reads as empty; a deleted one throws
    /// <see cref="StreamDeletedException"/>. Backward from <c>long.MaxValue</c> starts at the end.
    /// </summary>
    Task<IReadOnlyList<RecordedEvent>> ReadStream(StreamName stream, long from, int maxCount, ReadDirection direction = ReadDirection.Forward, CancellationToken ct = default);

    /// <summary>The stream's version: the position of its last event, or -1 when it has none.</summary>
    Task<long> GetStreamVersion(StreamName stream, CancellationToken ct = default);

    /// <summary>Finds a stored event by its id (used to recognise a command already handled).</summary>
    Task<RecordedEvent?> FindEvent(Guid eventId, CancellationToken ct = default);
}
