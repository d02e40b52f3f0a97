namespace EventFramework;

/// <summary>
/// Where a projection writes, and where its checkpoint and parked events live: one database,
/// so a batch of read-model writes and the checkpoint move commit in one transaction.
/// Checkpoints are keyed per projection partition (see <see cref="ProjectionRunner{TContext}"/>).
/// </summary>
public interface IProjectionSink<TContext>
{
    /// <summary>The stored checkpoint: the position of the last event applied, or null before the first.</summary>
    Task<LogPosition?> LoadCheckpoint(string key, CancellationToken ct = default);

    /// <summary>
    /// In one transaction: runs <paramref name="apply"/>, stores <paramref name="park"/>, and moves the
    /// checkpoint from <paramref name="expected"/> to <paramref name="next"/>. Returns false, with
    /// nothing written, when the stored checkpoint is not <paramref name="expected"/> (another
    /// instance advanced it): the caller reloads instead of applying twice. A sink may check the
    /// checkpoint first, so a stale batch's handlers may never run.
    /// </summary>
    Task<bool> Commit(string key, LogPosition? expected, LogPosition next, IReadOnlyList<ParkedEvent> park, Func<TContext, CancellationToken, Task> apply, CancellationToken ct = default);

    /// <summary>The parked events of a projection, in log order.</summary>
    Task<IReadOnlyList<ParkedEvent>> LoadParked(string projection, CancellationToken ct = default);

    /// <summary>In one transaction: runs <paramref name="apply"/> and removes the parked event; false when it was already gone.</summary>
    Task<bool> Unpark(string projection, Guid eventId, Func<TContext, CancellationToken, Task> apply, CancellationToken ct = default);

    /// <summary>
    /// In one transaction: runs <paramref name="clear"/> (which empties the read model) and forgets the
    /// checkpoints (every partition) and parked events of <paramref name="projection"/>, so it rebuilds from the start.
    /// </summary>
    Task Reset(string projection, Func<TContext, CancellationToken, Task> clear, CancellationToken ct = default);
}
