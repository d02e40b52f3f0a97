namespace EventFramework;

/// <summary>How a projection runner batches, retries and partitions.</summary>
public sealed record ProjectionOptions
{
    /// <summary>The most events applied and checkpointed in one transaction.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>How long to wait for a batch to fill once the first event is in hand (live mode).</summary>
    public TimeSpan BatchDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Attempts of a failing batch (with exponential back-off) before the poison event is isolated.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The first back-off delay; it doubles per attempt, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>What to do with an event that keeps failing.</summary>
    public PoisonPolicy OnPoison { get; init; } = PoisonPolicy.ParkStream;

    /// <summary>This runner's partition (0-based) when the projection is split by stream hash.</summary>
    public int Partition { get; init; }

    /// <summary>How many partitions the projection is split into (1 = not split).</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Subscription tuning (page size, polling).</summary>
    public SubscriptionOptions Subscription { get; init; } = new();
}
