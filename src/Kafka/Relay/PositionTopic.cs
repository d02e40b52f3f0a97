using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace EventFramework.Kafka.Relay;

/// <summary>The compacted topic of relay positions: created on demand, read back with read_committed.</summary>
internal sealed class PositionTopic(string topic, string bootstrapServers, IReadOnlyDictionary<string, string> settings)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public string Name { get; } = topic;

    public async Task Ensure(CancellationToken ct)
    {
        var config = new AdminClientConfig { BootstrapServers = bootstrapServers };
        foreach (var (key, value) in settings) config.Set(key, value);
        using var admin = new AdminClientBuilder(config).Build();
        var metadata = admin.GetMetadata(Name, Timeout);
        if (metadata.Topics.Any(t => t.Topic == Name && t.Error.Code == ErrorCode.NoError)) return;
        var brokers = metadata.Brokers.Count;
        try
        {
            await admin.CreateTopicsAsync(
                [new TopicSpecification
                {
                    Name = Name,
                    NumPartitions = 1,
                    ReplicationFactor = (short)Math.Clamp(brokers, 1, 3),
                    Configs = new Dictionary<string, string> { ["cleanup.policy"] = "compact" },
                }],
                new CreateTopicsOptions { RequestTimeout = Timeout }).WaitAsync(ct).ConfigureAwait(false);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
        }
    }

    /// <summary>The last committed record of <paramref name="relay"/>, or null when it never committed one.</summary>
    public RelayPositionRecord? Load(string relay, CancellationToken ct)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "eventframework-position-reader",
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        };
        foreach (var (key, value) in settings) config.Set(key, value);
        using var consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var partitions = admin.GetMetadata(Name, Timeout).Topics.SingleOrDefault(t => t.Topic == Name)?.Partitions
            ?? throw new KafkaException(ErrorCode.UnknownTopicOrPart);
        if (partitions.Count == 0) throw new KafkaException(ErrorCode.UnknownTopicOrPart);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(Name, p.PartitionId, Offset.Beginning)));

        RelayPositionRecord? last = null;
        var ended = new HashSet<int>();
        var deadline = DateTime.UtcNow + Timeout;
        while (ended.Count < partitions.Count)
        {
            ct.ThrowIfCancellationRequested();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"could not read the relay positions in '{Name}' to the end within {Timeout.TotalSeconds} s");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result is null) continue;
            if (result.IsPartitionEOF)
            {
                ended.Add(result.Partition.Value);
                continue;
            }
            if (result.Message.Key == relay && result.Message.Value is { } value) last = RelayPositionRecord.Parse(value);
        }
        consumer.Close();
        return last;
    }
}
