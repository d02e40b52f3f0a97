namespace EventFramework;

/// <summary>How a saga engine batches, polls timeouts and backs off.</summary>
public sealed record SagaOptions
{
    /// <summary>The most messages (or timeouts) handled in one transaction.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>How often due timeouts are looked for when the last look found none.</summary>
    public TimeSpan TimeoutPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The first back-off while the database is unavailable; it doubles up to five seconds.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The log subscription's paging and polling.</summary>
    public SubscriptionOptions Subscription { get; init; } = new();
}
