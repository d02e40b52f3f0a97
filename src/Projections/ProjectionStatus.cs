namespace EventFramework;

/// <summary>A snapshot of one projection partition's progress.</summary>
public sealed record ProjectionStatus
{
    public required string Name { get; init; }
    public int Partition { get; init; }
    public ProjectionState State { get; init; } = ProjectionState.Starting;

    /// <summary>The checkpoint: the last event applied (or skipped) and committed.</summary>
    public LogPosition? Checkpoint { get; init; }

    /// <summary>Events applied since the runner started.</summary>
    public long Applied { get; init; }

    /// <summary>Events parked since the runner started.</summary>
    public long Parked { get; init; }

    /// <summary>When the last committed event was originally appended (lag in seconds is now minus this).</summary>
    public DateTimeOffset? LastEventCreated { get; init; }

    /// <summary>The error that stopped the runner, if any.</summary>
    public string? Error { get; init; }

    /// <summary>What holds the event store's ReadAll back, if anything (PostgreSQL).</summary>
    public FenceHolder? HeldBackBy { get; init; }
}
