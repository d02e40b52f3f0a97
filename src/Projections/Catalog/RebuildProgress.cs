namespace EventFramework;

/// <summary>How far a rebuild is: events done of the total when it started, and the rate.</summary>
public sealed record RebuildProgress(long Done, long Total, double EventsPerSecond)
{
    /// <summary>The estimated time left at the current rate.</summary>
    public TimeSpan? Remaining => EventsPerSecond > 0 && Total > Done ? TimeSpan.FromSeconds((Total - Done) / EventsPerSecond) : null;
}
