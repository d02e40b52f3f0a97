namespace EventFramework;

/// <summary>A bridged command kept conflicting with concurrent writers; thrown so MassTransit retries the message.</summary>
public sealed class CommandConflictException(string command, Guid commandId, string? reason)
    : Exception($"Command {command} {commandId} conflicted with concurrent writers: {reason}")
{
    public string Command { get; } = command;
    public Guid CommandId { get; } = commandId;
}
