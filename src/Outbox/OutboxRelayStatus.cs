namespace EventFramework;

/// <summary>Where an outbox relay is: its position, what it has published, and its last error.</summary>
public sealed record OutboxRelayStatus
{
    public required string Name { get; init; }
    public LogPosition? Position { get; init; }
    public long Published { get; init; }
    public long DeadLettered { get; init; }

    /// <summary>Since when the relay has had messages to publish without catching up; null when it is caught up.</summary>
    public DateTimeOffset? BehindSince { get; init; }

    /// <summary>How long the relay has been behind (zero when caught up): the metric <c>eventframework.outbox.lag</c>.</summary>
    public TimeSpan Lag => BehindSince is { } since ? DateTimeOffset.UtcNow - since : TimeSpan.Zero;

    /// <summary>True while this instance waits for another to give up the relay's lease.</summary>
    public bool Standby { get; init; }

    /// <summary>The last publish or store error while it is retrying; null once it succeeds again.</summary>
    public string? LastError { get; init; }
}
