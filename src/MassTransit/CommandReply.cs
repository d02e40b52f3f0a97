namespace EventFramework;

/// <summary>What <see cref="CommandConsumer{TCommand, TState}"/> answers a request with: the command's outcome.</summary>
public sealed record CommandReply
{
    public CommandOutcome Outcome { get; init; }

    /// <summary>The stream version after the command.</summary>
    public long Version { get; init; }

    public string? Reason { get; init; }

    /// <summary>The failed validation rules, as "property: message".</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
