namespace EventFramework.Benchmarks.Contenders;

/// <summary>
/// One catch-up: <paramref name="Events"/> applied in <paramref name="Elapsed"/>. Ours adds where
/// the time went (see <see cref="Projections.TimedSink{TContext}"/>); Marten's daemon offers no such view.
/// </summary>
internal sealed record CatchUpRun(long Events, TimeSpan Elapsed, long Batches = 0, TimeSpan InCommit = default, TimeSpan InHandlers = default)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;
}
