using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace EventFramework.Benchmarks.Relay;

/// <summary>
/// The baseline: a plain Confluent.Kafka produce loop of the same messages (same producer settings,
/// already in memory), delivery handlers and one flush. No database, no positions.
/// </summary>
internal static class PlainProduceLoop
{
    public static double Measure(RelayBench bench, IReadOnlyList<OutboxMessage> messages)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bench.Kafka.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = bench.ProducerOptions.Linger.TotalMilliseconds,
            BatchSize = bench.ProducerOptions.BatchSizeBytes,
            QueueBufferingMaxMessages = 1_000_000,
        };
        using var producer = new ProducerBuilder<string, byte[]>(config).Build();
        var failed = 0;
        void Delivered(DeliveryReport<string, byte[]> report)
        {
            if (report.Error.IsError) Interlocked.Increment(ref failed);
        }

        var clock = Stopwatch.StartNew();
        foreach (var m in messages)
        {
            var headers = new Headers { { "message-id", Encoding.UTF8.GetBytes(m.MessageId.ToString()) }, { "message-type", Encoding.UTF8.GetBytes(m.Type) } };
            producer.Produce(m.Destination, new Message<string, byte[]> { Key = m.Key, Value = m.Payload, Headers = headers }, Delivered);
        }
        if (producer.Flush(TimeSpan.FromMinutes(5)) > 0 || failed > 0) throw new InvalidOperationException($"the plain produce loop lost {failed} messages");
        return messages.Count / clock.Elapsed.TotalSeconds;
    }
}
