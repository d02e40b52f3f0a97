namespace EventFramework;

/// <summary>How <see cref="MassTransitProducer"/> addresses and waits.</summary>
public sealed record MassTransitProducerOptions
{
    /// <summary>How long one batch may wait for the broker before it fails as unavailable (MassTransit waits for a lost connection otherwise).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The endpoint of a destination; by default the exchange of that name (<c>exchange:{destination}</c>), which receive endpoints bind to.</summary>
    public Func<string, Uri> AddressOf { get; init; } = destination => new Uri($"exchange:{destination}");
}
