using Confluent.Kafka;

namespace EventFramework;

/// <summary>How the outbox producers talk to Kafka. The producer is always idempotent with acks=all.</summary>
public sealed record KafkaProducerOptions
{
    /// <summary>The brokers, <c>host:port,host:port</c>.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>How long the client waits to fill a batch (<c>linger.ms</c>).</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>The largest batch per partition in bytes (<c>batch.size</c>).</summary>
    public int BatchSizeBytes { get; init; } = 1_000_000;

    /// <summary>The largest message in bytes (<c>message.max.bytes</c>); larger ones are dead-lettered.</summary>
    public int MessageMaxBytes { get; init; } = 1_000_000;

    /// <summary>
    /// How long a message may wait for the broker's acknowledgement (<c>message.timeout.ms</c>); past it the
    /// batch fails as transient and the relay retries it (the message is "possibly persisted").
    /// </summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long transactional calls (init, commit, abort) may take before they fail as transient.</summary>
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Any other librdkafka setting (security, client id...), applied last.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    internal ProducerConfig ToConfig()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(BootstrapServers);
        ArgumentOutOfRangeException.ThrowIfLessThan(MessageMaxBytes, 1000, nameof(MessageMaxBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSizeBytes, 1, nameof(BatchSizeBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(DeliveryTimeout, TimeSpan.FromMilliseconds(1), nameof(DeliveryTimeout));
        var config = new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = Linger.TotalMilliseconds,
            BatchSize = BatchSizeBytes,
            MessageMaxBytes = MessageMaxBytes,
            MessageTimeoutMs = (int)DeliveryTimeout.TotalMilliseconds,
            // The client's default (100k) would make a large relay batch wait for room.
            QueueBufferingMaxMessages = 1_000_000,
        };
        foreach (var (key, value) in Settings) config.Set(key, value);
        return config;
    }
}
