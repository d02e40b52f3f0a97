namespace EventFramework;

/// <summary>
/// A projection sink in process memory (the live mode and tests): documents, checkpoints and
/// parked events change together, under one lock, exactly as a database transaction would.
/// </summary>
public sealed class InMemoryProjectionSink : IProjectionSink<InMemoryDocuments>, IProjectionVersions<InMemoryDocuments>
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, object> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LogPosition> _checkpoints = new(StringComparer.Ordinal);
    private readonly List<ParkedEvent> _parked = [];
    private readonly Dictionary<string, int> _active = new(StringComparer.Ordinal);

    /// <summary>A copy of the committed documents.</summary>
    public IReadOnlyDictionary<string, object> Documents
    {
        get
        {
            _lock.Wait();
            try { return new Dictionary<string, object>(_documents); }
            finally { _lock.Release(); }
        }
    }

    /// <inheritdoc />
    public async Task<LogPosition?> LoadCheckpoint(string key, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try { return _checkpoints.TryGetValue(key, out var p) ? p : null; }
        finally { _lock.Release(); }
    }

    /// <inheritdoc />
    public async Task<bool> Commit(string key, LogPosition? expected, LogPosition next, IReadOnlyList<ParkedEvent> park, Func<InMemoryDocuments, CancellationToken, Task> apply, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            LogPosition? stored = _checkpoints.TryGetValue(key, out var p) ? p : null;
            if (stored != expected) return false;
            var context = new InMemoryDocuments(_documents);
            await apply(context, ct).ConfigureAwait(false);
            context.CommitTo(_documents);
            _parked.AddRange(park.Where(p => !_parked.Any(q => q.Projection == p.Projection && q.EventId == p.EventId)));
            _checkpoints[key] = next;
            return true;
        }
        finally { _lock.Release(); }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ParkedEvent>> LoadParked(string projection, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try { return _parked.Where(p => p.Projection == projection).OrderBy(p => p.Position).ToList(); }
        finally { _lock.Release(); }
    }

    /// <inheritdoc />
    public async Task<bool> Unpark(string projection, Guid eventId, Func<InMemoryDocuments, CancellationToken, Task> apply, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var index = _parked.FindIndex(p => p.Projection == projection && p.EventId == eventId);
            if (index < 0) return false;
            var context = new InMemoryDocuments(_documents);
            await apply(context, ct).ConfigureAwait(false);
            context.CommitTo(_documents);
            _parked.RemoveAt(index);
            return true;
        }
        finally { _lock.Release(); }
    }

    /// <inheritdoc />
    public async Task Reset(string projection, Func<InMemoryDocuments, CancellationToken, Task> clear, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var context = new InMemoryDocuments(_documents);
            await clear(context, ct).ConfigureAwait(false);
            context.CommitTo(_documents);
            foreach (var key in _checkpoints.Keys.Where(k => k == projection || k.StartsWith(projection + "/", StringComparison.Ordinal)).ToList())
                _checkpoints.Remove(key);
            _parked.RemoveAll(p => p.Projection == projection);
        }
        finally { _lock.Release(); }
    }

    /// <inheritdoc />
    public async Task<int?> ActiveVersion(string name, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try { return _active.TryGetValue(name, out var v) ? v : null; }
        finally { _lock.Release(); }
    }

    /// <inheritdoc />
    public async Task Activate(string name, int version, Func<InMemoryDocuments, CancellationToken, Task> activate, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var context = new InMemoryDocuments(_documents);
            await activate(context, ct).ConfigureAwait(false);
            context.CommitTo(_documents);
            _active[name] = version;
        }
        finally { _lock.Release(); }
    }
}
