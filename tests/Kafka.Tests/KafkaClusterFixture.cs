using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace EventFramework.Kafka.Tests;

/// <summary>
/// One Kafka cluster per test class: an <see cref="InProcessKafkaCluster"/> of 3 brokers, or the real
/// cluster named by <c>KAFKA_BOOTSTRAP_SERVERS</c> (then every topic gets a unique name, and the
/// tests that take brokers down are skipped through <see cref="CanTakeBrokersDown"/>).
/// </summary>
public class KafkaClusterFixture : IDisposable
{
    public const string Variable = "KAFKA_BOOTSTRAP_SERVERS";

    public KafkaClusterFixture()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            Mock = InProcessKafkaCluster.Start();
            BootstrapServers = Mock.BootstrapServers;
        }
        else
        {
            BootstrapServers = configured;
        }
    }

    public string BootstrapServers { get; }

    /// <summary>The in-process cluster, or null on a real one.</summary>
    public InProcessKafkaCluster? Mock { get; }

    public bool CanTakeBrokersDown => Mock is not null;

    /// <summary>Creates a topic with a unique name starting with <paramref name="prefix"/> and returns the name.</summary>
    public string CreateTopic(string prefix, int partitions = 3)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 200)];
        if (Mock is not null)
        {
            Mock.CreateTopic(name, partitions);
            return name;
        }
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = -1 }]).GetAwaiter().GetResult();
        return name;
    }

    /// <summary>A read_committed consumer outside any group, reading <paramref name="topic"/> from the start.</summary>
    public IConsumer<string, byte[]> CommittedReader(string topic)
    {
        var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        return consumer;
    }

    /// <summary>Reads until <paramref name="count"/> messages arrived or <paramref name="timeout"/> passed (then what arrived).</summary>
    public static List<ConsumeResult<string, byte[]>> ReadAtLeast(IConsumer<string, byte[]> consumer, int count, TimeSpan timeout, TimeSpan? settle = null)
    {
        var results = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow + timeout;
        while (results.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false, Message: not null }) results.Add(result);
        }
        // Anything extra (duplicates) shows up within a short while after the expected count.
        var quietUntil = DateTime.UtcNow + (settle ?? TimeSpan.FromSeconds(1));
        while (DateTime.UtcNow < quietUntil)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false, Message: not null }) results.Add(result);
        }
        return results;
    }

    public void Dispose()
    {
        Mock?.Dispose();
        GC.SuppressFinalize(this);
    }
}
