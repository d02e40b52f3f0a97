namespace EventFramework;

/// <summary>One saga transaction: claims and loads, then <see cref="Save"/>, then <see cref="Commit"/>.</summary>
public interface ISagaTransaction : IAsyncDisposable
{
    /// <summary>Moves the checkpoint from <paramref name="expected"/> to <paramref name="next"/>; false when another instance moved it.</summary>
    Task<bool> MoveCheckpoint(string key, LogPosition? expected, LogPosition next, CancellationToken ct = default);

    /// <summary>
    /// Claims up to <paramref name="maxCount"/> due timeouts of <paramref name="sagaType"/>, oldest due first,
    /// skipping those another transaction holds; they stay claimed until this transaction ends.
    /// </summary>
    Task<IReadOnlyList<DueTimeout>> ClaimDueTimeouts(string sagaType, int maxCount, CancellationToken ct = default);

    /// <summary>The stored sagas among <paramref name="sagaIds"/>, by id.</summary>
    Task<IReadOnlyDictionary<string, SagaRecord>> Load(string sagaType, IReadOnlyCollection<string> sagaIds, CancellationToken ct = default);

    /// <summary>The message ids among <paramref name="messageIds"/> already in <paramref name="sagaType"/>'s inbox.</summary>
    Task<IReadOnlySet<Guid>> Handled(string sagaType, IReadOnlyCollection<Guid> messageIds, CancellationToken ct = default);

    /// <summary>Writes <paramref name="changes"/>; throws <see cref="SagaConcurrencyException"/> when a saga's version moved.</summary>
    Task Save(SagaChanges changes, CancellationToken ct = default);

    /// <summary>Commits; <see cref="SagaConcurrencyException"/> when the database refused it for a concurrent change.</summary>
    Task Commit(CancellationToken ct = default);
}
