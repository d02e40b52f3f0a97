using static EventFramework.Postgres.PostgresErrors;

namespace EventFramework;

public sealed partial class PostgresEventStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<RecordedEvent>> ReadStream(StreamName stream, long from, int maxCount, ReadDirection direction = ReadDirection.Forward, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("read stream", () => _reads.ReadStream(stream, from, maxCount, direction, ct)).ConfigureAwait(false);
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

    /// <summary>
    /// Returns once every transaction that had started when it was called has ended, so ReadAll
    /// (and subscriptions) show every event committed before the call: read-your-writes for the
    /// global log. It waits as long as the oldest open transaction in the cluster stays open.
    /// </summary>
    public Task WaitForReadAll(CancellationToken ct = default) => Guard("wait for read all", () => _reads.WaitForFence(ct));

    /// <inheritdoc />
    public async Task<long> CountAfter(LogPosition after, CancellationToken ct = default)
    {
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("count events", () => _reads.CountAfter(after, ct)).ConfigureAwait(false);
    }
}
