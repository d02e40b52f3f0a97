namespace EventFramework;

/// <summary>How the command service treats one command type.</summary>
public sealed record CommandPolicy
{
    /// <summary>The default: any stream state, three retries on a concurrent write.</summary>
    public static CommandPolicy Default { get; } = new();

    /// <summary>What the stream must be before deciding.</summary>
    public StreamExpectation Expect { get; init; } = StreamExpectation.Any;

    /// <summary>
    /// How many times to reload and decide again when another writer got there first. Safe for
    /// decisions that depend only on state; set 0 to surface every conflict.
    /// </summary>
    public int ConflictRetries { get; init; } = 3;
}
