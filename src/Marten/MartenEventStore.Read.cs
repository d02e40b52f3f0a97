using static EventFramework.Marten.MartenErrors;

namespace EventFramework;

// The reads are PostgresEventStore's (FencedLogReads) over mt_events and our fence column.
public sealed partial class MartenEventStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<RecordedEvent>> ReadStream(StreamName stream, long from, int maxCount, ReadDirection direction = ReadDirection.Forward, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        await EnsureMigrated(ct).ConfigureAwait(false);
        var martenFrom = from >= long.MaxValue - 1 ? long.MaxValue : Math.Max(from, -1) + 1; // Marten's versions start at 1
        return await Guard("read stream", () => _reads.ReadStream(stream, martenFrom, maxCount, direction, ct)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> GetStreamVersion(StreamName stream, CancellationToken ct = default)
    {
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("read stream version", () => _reads.StreamVersion(stream, ct)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RecordedEvent?> FindEvent(Guid eventId, CancellationToken ct = default)
    {
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("find event", () => _reads.FindEvent(eventId, ct)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RecordedEvent>> ReadAll(LogPosition after, int maxCount, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("read all", () => _reads.ReadAll(after, maxCount, ct)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<FenceHolder?> FindFenceHolder(LogPosition after, CancellationToken ct = default)
    {
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("inspect read fence", () => _reads.FindFenceHolder(after, ct)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> CountAfter(LogPosition after, CancellationToken ct = default)
    {
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("count events", () => _reads.CountAfter(after, ct)).ConfigureAwait(false);
    }

    /// <summary>
    /// Returns once every transaction that had started when it was called has ended, so ReadAll shows
    /// every event committed before the call (read-your-writes for the global log).
    /// </summary>
    public Task WaitForReadAll(CancellationToken ct = default) => Guard("wait for read all", () => _reads.WaitForFence(ct));
}
