namespace EventFramework;

/// <summary>
/// Where sagas live: state, timeouts, inbox, history and the engine's checkpoint, in the database
/// that also holds the outbox, so one <see cref="ISagaTransaction"/> commits all of them.
/// </summary>
public interface ISagaStore
{
    /// <summary>Starts a transaction; dispose it without <see cref="ISagaTransaction.Commit"/> to roll back.</summary>
    Task<ISagaTransaction> Begin(CancellationToken ct = default);

    /// <summary>The checkpoint of a saga engine's log subscription, or null before the first message.</summary>
    Task<LogPosition?> LoadCheckpoint(string key, CancellationToken ct = default);
}
