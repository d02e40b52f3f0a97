using System.Text;
using Confluent.Kafka;

namespace EventFramework.Samples.Bank.Integration;

/// <summary>What the topic holds: message ids with how often each appears (committed records only).</summary>
public sealed record TopicContents(IReadOnlyDictionary<Guid, int> MessageIds, long Records)
{
    public int Duplicates => MessageIds.Values.Sum(n => n - 1);
}

/// <summary>Reads a whole topic once, read_committed, from the beginning to the current end of each partition.</summary>
public static class TopicReader
{
    public const string MessageIdHeader = "message-id";

    public static TopicContents ReadAll(string bootstrap, string topic, TimeSpan timeout)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"bank-check-{Guid.NewGuid():N}",
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
        };
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var partitions = admin.GetMetadata(topic, timeout).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        using var consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var ids = new Dictionary<Guid, int>();
        var records = 0L;
        var open = new HashSet<int>(partitions.Select(p => p.Partition.Value));
        var deadline = DateTime.UtcNow + timeout;
        while (open.Count > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Reading {topic} did not reach the end of partitions {string.Join(", ", open)} within {timeout}.");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null) continue;
            if (result.IsPartitionEOF)
            {
                open.Remove(result.Partition.Value);
                continue;
            }
            records++;
            if (result.Message.Headers.TryGetLastBytes(MessageIdHeader, out var id))
            {
                var messageId = Guid.Parse(Encoding.UTF8.GetString(id));
                ids[messageId] = ids.GetValueOrDefault(messageId) + 1;
            }
        }
        return new TopicContents(ids, records);
    }
}
