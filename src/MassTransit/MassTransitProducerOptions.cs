namespace EventFramework;

/// <summary>How <see cref="MassTransitProducer"/> addresses and waits.</summary>
public sealed record MassTransitProducerOptions
{
    /// <summary>How long one batch may wait for the broker before it fails as unavailable (MassTransit waits for a lost connection otherwise).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest payload sent; a larger message is returned as a <see cref="PublishFailure"/> (the relay
    /// dead-letters it) instead of failing the batch for ever. RabbitMQ refuses messages above its
    /// <c>max_message_size</c> (128 MiB by default); the default leaves room for the envelope.
    /// </summary>
    public int MaxPayloadBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The endpoint of a destination; by default the exchange of that name (<c>exchange:{destination}</c>), which receive endpoints bind to.</summary>
    public Func<string, Uri> AddressOf { get; init; } = destination => new Uri($"exchange:{destination}");
}
