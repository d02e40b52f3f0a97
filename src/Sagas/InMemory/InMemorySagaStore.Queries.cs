namespace EventFramework;

public sealed partial class InMemorySagaStore : ISagaQueries
{
    /// <inheritdoc />
    public Task<IReadOnlyList<SagaRecord>> List(string? sagaType = null, SagaStatus? status = null, int limit = 100, CancellationToken ct = default) =>
        Read(() => _sagas.Values.Where(s => (sagaType is null || s.SagaType == sagaType) && (status is null || s.Status == status))
            .OrderByDescending(s => s.Updated).Take(limit).ToList());

    /// <inheritdoc />
    public Task<IReadOnlyList<SagaRecord>> Find(string sagaId, CancellationToken ct = default) =>
        Read(() => _sagas.Values.Where(s => s.SagaId == sagaId).OrderBy(s => s.SagaType, StringComparer.Ordinal).ToList());

    /// <inheritdoc />
    public Task<IReadOnlyList<SagaHistoryEntry>> History(string sagaType, string sagaId, CancellationToken ct = default) =>
        Read(() => _history.Where(h => h.SagaType == sagaType && h.SagaId == sagaId).OrderBy(h => h.Version).ToList());

    /// <inheritdoc />
    public Task<IReadOnlyList<DueTimeout>> Timeouts(string sagaType, string sagaId, CancellationToken ct = default) =>
        Read(() => _timeouts.Values.Where(t => t.SagaType == sagaType && t.SagaId == sagaId).OrderBy(t => t.DueAt).ToList());

    /// <inheritdoc />
    public Task<IReadOnlyList<SagaRecord>> Stuck(TimeSpan idleFor, int limit = 100, CancellationToken ct = default) => Read(() =>
    {
        var cutoff = Clock() - idleFor;
        return _sagas.Values.Where(s => s.Status == SagaStatus.Running && s.Updated < cutoff
                && !_timeouts.Values.Any(t => t.SagaType == s.SagaType && t.SagaId == s.SagaId && t.DueAt >= cutoff))
            .OrderBy(s => s.Updated).Take(limit).ToList();
    });

    private Task<IReadOnlyList<T>> Read<T>(Func<List<T>> query)
    {
        _writer.Wait();
        try
        {
            return Task.FromResult<IReadOnlyList<T>>(query());
        }
        finally
        {
            _writer.Release();
        }
    }
}
