using System.Diagnostics;

namespace EventFramework.Benchmarks.Projections;

/// <summary>
/// Wraps a projection sink to see where a catch-up spends its time: in each batch's commit call
/// (open, checkpoint claim, handlers, park, COMMIT) and, within it, in the handlers. Whatever is
/// left of the wall-clock time the runner spent waiting for events (ReadAll, deserializing).
/// Two timestamps a batch: no measurable cost. With <paramref name="keepLog"/> it also keeps each
/// committed batch's start and end (Stopwatch ticks) and last position, for the live latency split.
/// </summary>
internal sealed class TimedSink<TContext>(IProjectionSink<TContext> inner, bool keepLog = false) : IProjectionSink<TContext>
{
    private readonly List<(long Start, long End, LogPosition Last)> _log = [];
    private long _batches, _commitTicks, _handlerTicks;

    /// <summary>The committed batches in order (only with keepLog).</summary>
    public IReadOnlyList<(long Start, long End, LogPosition Last)> Log
    {
        get
        {
            lock (_log) return [.. _log];
        }
    }

    /// <summary>Commit calls so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Time inside commit calls, handlers included.</summary>
    public TimeSpan InCommit => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _commitTicks));

    /// <summary>Time inside the handlers (the read-model SQL).</summary>
    public TimeSpan InHandlers => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _handlerTicks));

    public async Task<bool> Commit(string key, LogPosition? expected, LogPosition next, IReadOnlyList<ParkedEvent> park, Func<TContext, CancellationToken, Task> apply, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var committed = false;
        try
        {
            return committed = await inner.Commit(key, expected, next, park, async (context, c) =>
            {
                var handlers = Stopwatch.GetTimestamp();
                try
                {
                    await apply(context, c);
                }
                finally
                {
                    Interlocked.Add(ref _handlerTicks, Stopwatch.GetTimestamp() - handlers);
                }
            }, ct);
        }
        finally
        {
            var ended = Stopwatch.GetTimestamp();
            Interlocked.Add(ref _commitTicks, ended - started);
            Interlocked.Increment(ref _batches);
            if (keepLog && committed)
                lock (_log) _log.Add((started, ended, next));
        }
    }

    public Task<LogPosition?> LoadCheckpoint(string key, CancellationToken ct = default) => inner.LoadCheckpoint(key, ct);

    public Task<IReadOnlyList<ParkedEvent>> LoadParked(string projection, CancellationToken ct = default) => inner.LoadParked(projection, ct);

    public Task<bool> Unpark(string projection, Guid eventId, Func<TContext, CancellationToken, Task> apply, CancellationToken ct = default) =>
        inner.Unpark(projection, eventId, apply, ct);

    public Task Reset(string projection, Func<TContext, CancellationToken, Task> clear, CancellationToken ct = default) => inner.Reset(projection, clear, ct);
}
