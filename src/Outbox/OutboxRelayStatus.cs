namespace EventFramework;

/// <summary>Where an outbox relay is: its position, what it has published, and its last error.</summary>
public sealed record OutboxRelayStatus
{
    public required string Name { get; init; }
    public LogPosition? Position { get; init; }
    public long Published { get; init; }
    public long DeadLettered { get; init; }

    /// <summary>True while this instance waits for another to give up the relay's lease.</summary>
    public bool Standby { get; init; }

    /// <summary>The last publish or store error while it is retrying; null once it succeeds again.</summary>
    public string? LastError { get; init; }
}
