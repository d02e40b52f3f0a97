namespace EventFramework;

/// <summary>Ends or trims streams.</summary>
public interface IStreamLifecycle
{
    /// <summary>
    /// Deletes the stream for good (a tombstone): its events are removed and any later read or
    /// append throws <see cref="StreamDeletedException"/>.
    /// </summary>
    Task DeleteStream(StreamName stream, ExpectedVersion expected, CancellationToken ct = default);

    /// <summary>Removes the events before <paramref name="before"/>; later positions and the version are unchanged.</summary>
    Task TruncateStream(StreamName stream, long before, CancellationToken ct = default);
}
