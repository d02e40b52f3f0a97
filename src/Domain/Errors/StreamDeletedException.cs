namespace EventFramework;

/// <summary>The stream was deleted (tombstoned): it can be neither read nor appended to again.</summary>
public sealed class StreamDeletedException(StreamName stream)
    : EventStoreException($"Stream '{stream}' has been deleted.")
{
    public StreamName Stream { get; } = stream;
}
