namespace EventFramework;

/// <summary>A snapshot of where a subscription is and what, if anything, it waits for.</summary>
public sealed record SubscriptionStatus
{
    /// <summary>The subscription's name.</summary>
    public required string Name { get; init; }

    /// <summary>The global position of the last event delivered (all-stream subscriptions).</summary>
    public LogPosition Position { get; init; }

    /// <summary>The stream position of the last event delivered (stream subscriptions), -1 before the first.</summary>
    public long StreamPosition { get; init; } = -1;

    /// <summary>True once the subscription has read to the head at least once.</summary>
    public bool CaughtUp { get; init; }

    /// <summary>How many events it has delivered.</summary>
    public long Delivered { get; init; }

    /// <summary>The open transaction holding the subscription back, when there is one.</summary>
    public FenceHolder? HeldBackBy { get; init; }

    /// <summary>Since when it has been held back.</summary>
    public DateTimeOffset? HeldBackSince { get; init; }
}
