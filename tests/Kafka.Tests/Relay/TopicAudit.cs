using System.Text;
using Confluent.Kafka;

namespace EventFramework.Kafka.Tests.Relay;

/// <summary>What a read_committed consumer saw on a topic: copies per message id, and order per key.</summary>
internal sealed class TopicAudit
{
    private readonly Dictionary<Guid, int> _copies = [];
    private readonly Dictionary<string, int> _highest = [];

    public int Received { get; private set; }

    public int Distinct => _copies.Count;

    public int Duplicates => Received - Distinct;

    /// <summary>Messages that arrived before their predecessor of the same key had arrived.</summary>
    public List<string> OrderViolations { get; } = [];

    /// <summary>Reads <paramref name="topic"/> from the start until every id in <paramref name="expected"/> was seen (or the timeout), then a little longer to catch late copies.</summary>
    public static TopicAudit Read(KafkaClusterFixture kafka, string topic, IReadOnlySet<Guid> expected, TimeSpan timeout)
    {
        var audit = new TopicAudit();
        using var consumer = kafka.CommittedReader(topic);
        var deadline = DateTime.UtcNow + timeout;
        DateTime? quietUntil = null;
        while (DateTime.UtcNow < (quietUntil ?? deadline))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false, Message: not null }) audit.Add(result);
            if (quietUntil is null && audit.Distinct >= expected.Count && expected.All(audit._copies.ContainsKey)) quietUntil = DateTime.UtcNow.AddSeconds(3);
        }
        consumer.Close();
        return audit;
    }

    public bool Saw(Guid id) => _copies.ContainsKey(id);

    private void Add(ConsumeResult<string, byte[]> result)
    {
        Received++;
        var id = Guid.Parse(Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes("message-id")));
        _copies[id] = _copies.GetValueOrDefault(id) + 1;
        var parts = Encoding.UTF8.GetString(result.Message.Value).Split('|');
        var (key, sequence) = (parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        var highest = _highest.GetValueOrDefault(key);
        // A redelivered batch repeats earlier sequence numbers; a message may never jump ahead of the next one due.
        if (sequence > highest + 1) OrderViolations.Add($"{key}: {sequence} arrived after {highest}");
        if (key != result.Message.Key) OrderViolations.Add($"{key}: published under key {result.Message.Key}");
        _highest[key] = Math.Max(highest, sequence);
    }
}
