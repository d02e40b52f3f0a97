namespace EventFramework;

/// <summary>Which way a stream read walks from its start position.</summary>
public enum ReadDirection
{
    Forward,
    Backward,
}
