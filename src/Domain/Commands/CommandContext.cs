namespace EventFramework;

/// <summary>
/// Who sent a command and why. With a <see cref="CommandId"/> the command is handled at most
/// once: the events it produces get ids derived from it, so a redelivery is recognised.
/// </summary>
public sealed record CommandContext
{
    /// <summary>No id, no correlation: each call is a new command.</summary>
    public static CommandContext None { get; } = new();

    /// <summary>The command's idempotency key (e.g. a message id). Null disables deduplication.</summary>
    public Guid? CommandId { get; init; }

    public string? CorrelationId { get; init; }
    public string? TenantId { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}
