namespace EventFramework;

/// <summary>What a saga engine has done so far, and its last error while it retries.</summary>
public sealed record SagaEngineStatus
{
    public required string Saga { get; init; }
    public LogPosition? Checkpoint { get; init; }
    public long Handled { get; init; }
    public long Dropped { get; init; }
    public long Ended { get; init; }
    public long TimeoutsFired { get; init; }

    /// <summary>Transactions rolled back and retried because another one changed the same saga first.</summary>
    public long Conflicts { get; init; }
    public string? LastError { get; init; }
}
