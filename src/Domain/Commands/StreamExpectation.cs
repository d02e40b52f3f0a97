namespace EventFramework;

/// <summary>What a command expects of its stream before it is decided.</summary>
public enum StreamExpectation
{
    /// <summary>New or existing.</summary>
    Any,

    /// <summary>The command creates the stream (e.g. OpenAccount).</summary>
    New,

    /// <summary>The stream must already exist (e.g. Deposit).</summary>
    Existing,
}
