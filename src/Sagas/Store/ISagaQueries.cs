namespace EventFramework;

/// <summary>What operators look at: sagas, their history and pending timeouts, and stuck ones.</summary>
public interface ISagaQueries
{
    /// <summary>Up to <paramref name="limit"/> sagas, most recently updated first, optionally of one type and status.</summary>
    Task<IReadOnlyList<SagaRecord>> List(string? sagaType = null, SagaStatus? status = null, int limit = 100, CancellationToken ct = default);

    /// <summary>The sagas with id <paramref name="sagaId"/> (one per saga type using it).</summary>
    Task<IReadOnlyList<SagaRecord>> Find(string sagaId, CancellationToken ct = default);

    /// <summary>The handled messages of one saga, oldest first.</summary>
    Task<IReadOnlyList<SagaHistoryEntry>> History(string sagaType, string sagaId, CancellationToken ct = default);

    /// <summary>The pending timeouts of one saga, soonest first.</summary>
    Task<IReadOnlyList<DueTimeout>> Timeouts(string sagaType, string sagaId, CancellationToken ct = default);

    /// <summary>
    /// Running sagas not updated for <paramref name="idleFor"/> that wait on no timeout, or whose
    /// timeouts are overdue by more than <paramref name="idleFor"/>: nothing will move them on.
    /// </summary>
    Task<IReadOnlyList<SagaRecord>> Stuck(TimeSpan idleFor, int limit = 100, CancellationToken ct = default);
}
