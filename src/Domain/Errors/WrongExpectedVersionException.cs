namespace EventFramework;

/// <summary>An append or delete found the stream at another version than expected. Nothing was written.</summary>
public sealed class WrongExpectedVersionException(StreamName stream, ExpectedVersion expected, long actualVersion)
    : EventStoreException($"Stream '{stream}' was expected at version {expected} but is at {actualVersion}.")
{
    public StreamName Stream { get; } = stream;
    public ExpectedVersion Expected { get; } = expected;

    /// <summary>The stream's actual version (-1 when it does not exist).</summary>
    public long ActualVersion { get; } = actualVersion;
}
