namespace EventFramework;

/// <summary>
/// The typed outcome of handling a command: no exceptions for expected failures. Infrastructure
/// failures (a dead database) still throw <see cref="EventStoreException"/>s.
/// </summary>
public sealed record CommandResult<TState>
{
    public required CommandOutcome Outcome { get; init; }

    /// <summary>The state after the command (or as loaded, when nothing was applied).</summary>
    public TState? State { get; init; }

    /// <summary>The stream version after the command.</summary>
    public long Version { get; init; } = -1;

    /// <summary>The events this command stored.</summary>
    public IReadOnlyList<object> NewEvents { get; init; } = [];

    /// <summary>Every failed validation rule (for <see cref="CommandOutcome.Invalid"/>).</summary>
    public IReadOnlyList<ValidationError> Errors { get; init; } = [];

    /// <summary>Why the command was rejected or conflicted.</summary>
    public string? Reason { get; init; }

    /// <summary>True for <see cref="CommandOutcome.Applied"/> and <see cref="CommandOutcome.AlreadyHandled"/>.</summary>
    public bool Succeeded => Outcome is CommandOutcome.Applied or CommandOutcome.AlreadyHandled;
}
