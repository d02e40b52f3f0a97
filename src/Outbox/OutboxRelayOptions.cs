namespace EventFramework;

/// <summary>How an outbox relay batches, waits and backs off.</summary>
public sealed record OutboxRelayOptions
{
    /// <summary>The most messages published and recorded in one step.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>How long to wait for new messages when there is no wake-up hint.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The first back-off after a failed publish; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest back-off while the broker is down.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}
