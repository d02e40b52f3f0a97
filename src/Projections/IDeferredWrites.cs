namespace EventFramework;

/// <summary>
/// A sink context that queues handler writes and sends them together. The runner flushes them
/// after the batch's handlers, so a failing queued write counts against the batch's events (and
/// is isolated to one of them, then parked) like a failing handler would.
/// </summary>
public interface IDeferredWrites
{
    /// <summary>Sends the queued writes.</summary>
    Task FlushWrites(CancellationToken ct);
}
