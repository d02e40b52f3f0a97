namespace EventFramework;

/// <summary>Counts in the global log, for lag and progress reporting (not on any hot path).</summary>
public interface ILogStatistics
{
    /// <summary>How many events ReadAll would return after <paramref name="after"/> right now.</summary>
    Task<long> CountAfter(LogPosition after, CancellationToken ct = default);
}
