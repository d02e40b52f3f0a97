namespace EventFramework;

/// <summary>How a <see cref="TransactionalKafkaRelay"/> batches, where it keeps its position, and how it backs off.</summary>
public sealed record TransactionalRelayOptions
{
    /// <summary>The Kafka connection and producer settings (the relay adds <c>transactional.id</c>).</summary>
    public required KafkaProducerOptions Producer { get; init; }

    /// <summary>The compacted topic holding every relay's position, keyed by relay name.</summary>
    public string PositionTopic { get; init; } = "eventframework-relay-positions";

    /// <summary>
    /// Whether the relay creates <see cref="PositionTopic"/> (one partition, compacted) when it is missing.
    /// The in-process cluster has no admin API: create the topic there with <see cref="InProcessKafkaCluster.CreateTopic"/>.
    /// </summary>
    public bool CreatePositionTopic { get; init; } = true;

    /// <summary>The most messages in one Kafka transaction.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>How long to wait for new messages when there is no wake-up hint.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The first back-off after a failure; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest back-off while Kafka or the database is unreachable.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}
