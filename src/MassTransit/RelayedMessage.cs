namespace EventFramework;

/// <summary>
/// An outbox message as it travels on a MassTransit bus. The transport carries the same
/// <see cref="MessageId"/> (MassTransit's message id), the headers and the key (header
/// <see cref="MassTransitProducer.KeyHeader"/>), so a consumer deduplicates by message id.
/// </summary>
public sealed record RelayedMessage
{
    public Guid MessageId { get; init; }
    public string Destination { get; init; } = "";

    /// <summary>The ordering key (usually the stream id): messages of one key are sent in order.</summary>
    public string Key { get; init; } = "";

    /// <summary>The payload's type name (the event's stable storage name).</summary>
    public string Type { get; init; } = "";

    /// <summary>The payload bytes as written to the outbox (UTF-8 JSON for events).</summary>
    public byte[] Payload { get; init; } = [];

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
