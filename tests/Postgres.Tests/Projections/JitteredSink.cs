namespace EventFramework.Postgres.Tests.Projections;

/// <summary>
/// Wraps a sink with a random pause before each commit, so that racing runners take turns at
/// winning instead of the first one winning every batch, and counts the commits refused by the
/// checkpoint compare-and-set (the proof that the runners really raced).
/// </summary>
public sealed class JitteredSink(IProjectionSink<PostgresProjectionContext> inner, int seed) : IProjectionSink<PostgresProjectionContext>
{
    private readonly Random _random = new(seed);
    private int _refused;

    public int Refused => Volatile.Read(ref _refused);

    public async Task<bool> Commit(string key, LogPosition? expected, LogPosition next, IReadOnlyList<ParkedEvent> park, Func<PostgresProjectionContext, CancellationToken, Task> apply, CancellationToken ct = default)
    {
        int pause;
        lock (_random) pause = _random.Next(0, 4);
        await Task.Delay(pause, ct);
        var committed = await inner.Commit(key, expected, next, park, apply, ct);
        if (!committed) Interlocked.Increment(ref _refused);
        return committed;
    }

    public Task<LogPosition?> LoadCheckpoint(string key, CancellationToken ct = default) => inner.LoadCheckpoint(key, ct);

    public Task<IReadOnlyList<ParkedEvent>> LoadParked(string projection, CancellationToken ct = default) => inner.LoadParked(projection, ct);

    public Task<bool> Unpark(string projection, Guid eventId, Func<PostgresProjectionContext, CancellationToken, Task> apply, CancellationToken ct = default) =>
        inner.Unpark(projection, eventId, apply, ct);

    public Task Reset(string projection, Func<PostgresProjectionContext, CancellationToken, Task> clear, CancellationToken ct = default) =>
        inner.Reset(projection, clear, ct);
}
