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

    /// <summary>What to do with events of a type name nothing is registered for.</summary>
    public UnknownEventTypes OnUnknownType { get; init; } = UnknownEventTypes.Park;

    /// <summary>This runner's partition (0-based) when the projection is split by stream hash.</summary>
    public int Partition { get; init; }

    /// <summary>How many partitions the projection is split into (1 = not split).</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>
    /// Which failures are about the infrastructure, not the event: they are retried without limit
    /// (with capped back-off) and never park an event. By default: the store or database being
    /// unavailable, timeouts, and database errors the provider marks transient (deadlocks,
    /// serialization failures). Anything else a handler throws counts against the event.
    /// </summary>
    public Func<Exception, bool> IsTransient { get; init; } = DefaultIsTransient;

    /// <summary>Subscription tuning (page size, polling).</summary>
    public SubscriptionOptions Subscription { get; init; } = new();

    /// <summary>The default <see cref="IsTransient"/>.</summary>
    public static bool DefaultIsTransient(Exception ex) =>
        ex is EventStoreUnavailableException or TimeoutException or System.Data.Common.DbException { IsTransient: true };
}
