using System.Text;
using Confluent.Kafka;

namespace EventFramework.Kafka.Tests;

public sealed class KafkaProducerTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task messages_carry_key_id_type_and_headers_and_keep_their_order_per_key()
    {
        var topic = kafka.CreateTopic("headers", partitions: 4);
        using var producer = new KafkaProducer(new KafkaProducerOptions { BootstrapServers = kafka.BootstrapServers });
        var sent = new List<OutboxMessage>();
        for (var batch = 0; batch < 3; batch++)
        {
            var messages = Enumerable.Range(0, 100).Select(i => Message(topic, $"key-{i % 5}", $"{batch}-{i}")).ToList();
            Assert.Empty(await producer.Produce(messages));
            sent.AddRange(messages);
        }

        using var consumer = kafka.CommittedReader(topic);
        var received = KafkaClusterFixture.ReadAtLeast(consumer, sent.Count, Patience);
        Assert.Equal(sent.Count, received.Count);
        var byId = sent.ToDictionary(m => m.MessageId);
        foreach (var result in received)
        {
            var id = Guid.Parse(Header(result, "message-id"));
            var original = byId[id];
            Assert.Equal(original.Key, result.Message.Key);
            Assert.Equal(original.Payload, result.Message.Value);
            Assert.Equal(original.Type, Header(result, "message-type"));
            Assert.Equal(original.Headers["correlation-id"], Header(result, "correlation-id"));
            Assert.Equal(original.Headers["traceparent"], Header(result, "traceparent"));
        }
        foreach (var key in sent.Select(m => m.Key).Distinct())
        {
            var expected = sent.Where(m => m.Key == key).Select(m => m.MessageId);
            var actual = received.Where(r => r.Message.Key == key).Select(r => Guid.Parse(Header(r, "message-id")));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task an_oversized_message_is_a_publish_failure_with_its_reason_and_the_others_are_published()
    {
        var topic = kafka.CreateTopic("oversized");
        using var producer = new KafkaProducer(new KafkaProducerOptions { BootstrapServers = kafka.BootstrapServers, MessageMaxBytes = 100_000 });
        var messages = Enumerable.Range(0, 10).Select(i => Message(topic, "k", $"{i}")).ToList();
        var huge = Message(topic, "k", "huge") with { Payload = new byte[200_000] };
        messages.Insert(5, huge);

        var failures = await producer.Produce(messages);

        var failure = Assert.Single(failures);
        Assert.Equal(huge.MessageId, failure.MessageId);
        Assert.Contains("MsgSizeTooLarge", failure.Reason);
        using var consumer = kafka.CommittedReader(topic);
        var received = KafkaClusterFixture.ReadAtLeast(consumer, 10, Patience);
        Assert.Equal(messages.Where(m => m != huge).Select(m => m.MessageId), received.Select(r => Guid.Parse(Header(r, "message-id"))));
    }

    [Fact]
    public async Task an_illegal_topic_name_is_a_publish_failure_and_the_others_are_published()
    {
        var topic = kafka.CreateTopic("illegal");
        using var producer = new KafkaProducer(new KafkaProducerOptions { BootstrapServers = kafka.BootstrapServers });
        var bad = Message("no spaces/or slashes", "k", "bad");
        var good = Message(topic, "k", "good");

        var failure = Assert.Single(await producer.Produce([bad, good]));

        Assert.Equal(bad.MessageId, failure.MessageId);
        Assert.Contains("no spaces/or slashes", failure.Reason);
        using var consumer = kafka.CommittedReader(topic);
        Assert.Equal([good.MessageId], KafkaClusterFixture.ReadAtLeast(consumer, 1, Patience).Select(r => Guid.Parse(Header(r, "message-id"))));
    }

    [Fact]
    public async Task with_every_broker_down_the_batch_throws_a_transient_error_and_publishes_once_they_are_back()
    {
        if (!kafka.CanTakeBrokersDown) return; // a real cluster cannot be taken down from here
        var topic = kafka.CreateTopic("down");
        using var producer = new KafkaProducer(new KafkaProducerOptions { BootstrapServers = kafka.BootstrapServers, DeliveryTimeout = TimeSpan.FromSeconds(3) });
        Assert.Empty(await producer.Produce([Message(topic, "k", "before")]));
        kafka.Mock!.TakeAllBrokersDown();
        KafkaPublishException error;
        try
        {
            error = await Assert.ThrowsAsync<KafkaPublishException>(() => producer.Produce([Message(topic, "k", "during")]));
        }
        finally
        {
            kafka.Mock.BringAllBrokersUp();
        }
        Assert.Equal(nameof(ErrorCode.Local_MsgTimedOut), error.Code);

        var after = Message(topic, "k", "after");
        Assert.Empty(await producer.Produce([after]));
        using var consumer = kafka.CommittedReader(topic);
        var payloads = KafkaClusterFixture.ReadAtLeast(consumer, 2, Patience).Select(r => Encoding.UTF8.GetString(r.Message.Value)).ToList();
        Assert.Equal("before", payloads[0]);
        Assert.Equal("after", payloads[^1]);
    }

    private static OutboxMessage Message(string topic, string key, string body) => new(
        Guid.NewGuid(), topic, key, "TestMessage", Encoding.UTF8.GetBytes(body),
        new Dictionary<string, string> { ["correlation-id"] = "corr-" + body, ["traceparent"] = "00-" + body });

    private static string Header(ConsumeResult<string, byte[]> result, string name) => Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes(name));
}
