using EventFramework.Postgres;

namespace EventFramework.Benchmarks.Projections;

/// <summary>Sends the statements a batch's handlers queued (<see cref="PendingWrites"/>) after the last handler, before the checkpoint commits.</summary>
internal sealed class PipelinedSink(IProjectionSink<PostgresProjectionContext> inner) : IProjectionSink<PostgresProjectionContext>
{
    public Task<bool> Commit(string key, LogPosition? expected, LogPosition next, IReadOnlyList<ParkedEvent> park, Func<PostgresProjectionContext, CancellationToken, Task> apply, CancellationToken ct = default) =>
        inner.Commit(key, expected, next, park, async (context, c) =>
        {
            await apply(context, c);
            await PendingWrites.Flush(context, c);
        }, ct);

    public Task<LogPosition?> LoadCheckpoint(string key, CancellationToken ct = default) => inner.LoadCheckpoint(key, ct);

    public Task<IReadOnlyList<ParkedEvent>> LoadParked(string projection, CancellationToken ct = default) => inner.LoadParked(projection, ct);

    public Task<bool> Unpark(string projection, Guid eventId, Func<PostgresProjectionContext, CancellationToken, Task> apply, CancellationToken ct = default) =>
        inner.Unpark(projection, eventId, apply, ct);

    public Task Reset(string projection, Func<PostgresProjectionContext, CancellationToken, Task> clear, CancellationToken ct = default) => inner.Reset(projection, clear, ct);
}
