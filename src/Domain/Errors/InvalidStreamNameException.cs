namespace EventFramework;

/// <summary>A stream name broke one of the rules of <see cref="StreamName"/>.</summary>
public sealed class InvalidStreamNameException(string? name, string reason)
    : ArgumentException($"Invalid stream name '{name}': {reason}.")
{
    public string? Name { get; } = name;
    public string Reason { get; } = reason;
}
