using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace EventFramework.Benchmarks.Relay;

/// <summary>
/// The Kafka cluster of a relay run: the one named by <c>KAFKA_BOOTSTRAP_SERVERS</c>, or an
/// in-process mock cluster of 3 brokers. Every topic gets a unique name.
/// </summary>
internal sealed class BenchKafka : IDisposable
{
    public const string Variable = "KAFKA_BOOTSTRAP_SERVERS";

    private readonly InProcessKafkaCluster? _mock;

    public BenchKafka()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            _mock = InProcessKafkaCluster.Start();
            BootstrapServers = _mock.BootstrapServers;
        }
        else
        {
            BootstrapServers = configured;
        }
    }

    public string BootstrapServers { get; }

    public string Description => _mock is null ? $"Kafka at {BootstrapServers}" : "in-process librdkafka mock cluster (3 brokers)";

    public string CreateTopic(string prefix, int partitions)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        if (_mock is not null)
        {
            _mock.CreateTopic(name, partitions);
            return name;
        }
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = -1 }]).GetAwaiter().GetResult();
        return name;
    }

    public void Dispose() => _mock?.Dispose();
}
