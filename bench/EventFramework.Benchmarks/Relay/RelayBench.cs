using Npgsql;

namespace EventFramework.Benchmarks.Relay;

/// <summary>What every relay mode of one run shares: the seeded outbox, the Kafka cluster and the producer settings.</summary>
internal sealed class RelayBench(PostgresOutbox outbox, BenchKafka kafka, NpgsqlDataSource dataSource, string topic)
{
    public PostgresOutbox Outbox { get; } = outbox;

    public BenchKafka Kafka { get; } = kafka;

    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>The topic every seeded message names as its destination.</summary>
    public string Topic { get; } = topic;

    public KafkaProducerOptions ProducerOptions => new() { BootstrapServers = Kafka.BootstrapServers };

    /// <summary>How often an idle relay looks for new messages (the PostgreSQL outbox sends no wake-ups).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(5);
}
