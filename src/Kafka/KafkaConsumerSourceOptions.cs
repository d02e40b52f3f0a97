namespace EventFramework;

/// <summary>How a <see cref="KafkaConsumerSource{TContext}"/> connects and batches.</summary>
public sealed record KafkaConsumerSourceOptions
{
    /// <summary>The brokers, <c>host:port,host:port</c>.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>The most messages applied in one database transaction.</summary>
    public int MaxBatchSize { get; init; } = 500;

    /// <summary>How long to wait for a first message before looking again (and checking for cancellation).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The first back-off after a failed batch (database down); it doubles up to 5 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Any other librdkafka consumer setting, applied last.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
