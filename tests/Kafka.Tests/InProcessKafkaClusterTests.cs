using System.Text;
using Confluent.Kafka;

namespace EventFramework.Kafka.Tests;

public sealed class InProcessKafkaClusterTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // librdkafka's mock cluster (2.16) neither hides aborted transactions from read_committed
    // consumers nor fences a zombie producer: these two tests state what a real cluster does and,
    // on the in-process one, pin the difference so that relay tests do not silently rely on it.

    [Fact]
    public void a_read_committed_consumer_sees_committed_transactions_and_aborted_ones_only_on_the_mock()
    {
        var topic = kafka.CreateTopic("txn");
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            TransactionalId = "txn-" + Guid.NewGuid(),
            EnableIdempotence = true,
        }).Build())
        {
            producer.InitTransactions(Patience);
            producer.BeginTransaction();
            for (var i = 0; i < 10; i++) producer.Produce(topic, new Message<string, byte[]> { Key = $"k{i % 3}", Value = Encoding.UTF8.GetBytes($"aborted-{i}") });
            producer.Flush(Patience);
            producer.AbortTransaction(Patience);
            producer.BeginTransaction();
            for (var i = 0; i < 10; i++) producer.Produce(topic, new Message<string, byte[]> { Key = $"k{i % 3}", Value = Encoding.UTF8.GetBytes($"committed-{i}") });
            producer.CommitTransaction(Patience);
        }

        using var consumer = kafka.CommittedReader(topic);
        var seen = KafkaClusterFixture.ReadAtLeast(consumer, 10, Patience, TimeSpan.FromSeconds(2)).Select(r => Encoding.UTF8.GetString(r.Message.Value)).ToList();
        var committed = Enumerable.Range(0, 10).Select(i => $"committed-{i}");
        var expected = kafka.Mock is null ? committed : Enumerable.Range(0, 10).Select(i => $"aborted-{i}").Concat(committed);
        Assert.Equal(expected.Order(), seen.Order());
    }

    [Fact]
    public void a_new_producer_with_the_same_transactional_id_fences_the_old_one_on_a_real_cluster()
    {
        var topic = kafka.CreateTopic("fence");
        var id = "fence-" + Guid.NewGuid();
        var config = new ProducerConfig { BootstrapServers = kafka.BootstrapServers, TransactionalId = id };
        using var zombie = new ProducerBuilder<string, byte[]>(config).Build();
        zombie.InitTransactions(Patience);
        zombie.BeginTransaction();
        zombie.Produce(topic, new Message<string, byte[]> { Key = "k", Value = Encoding.UTF8.GetBytes("zombie") });
        zombie.Flush(Patience);

        using var successor = new ProducerBuilder<string, byte[]>(config).Build();
        successor.InitTransactions(Patience);
        successor.BeginTransaction();
        successor.Produce(topic, new Message<string, byte[]> { Key = "k", Value = Encoding.UTF8.GetBytes("successor") });
        successor.CommitTransaction(Patience);

        using var consumer = kafka.CommittedReader(topic);
        if (kafka.Mock is null)
        {
            Assert.ThrowsAny<KafkaException>(() => zombie.CommitTransaction(Patience));
            var seen = KafkaClusterFixture.ReadAtLeast(consumer, 1, Patience, TimeSpan.FromSeconds(2)).Select(r => Encoding.UTF8.GetString(r.Message.Value)).ToList();
            Assert.Equal(["successor"], seen);
        }
        else
        {
            zombie.CommitTransaction(Patience); // the mock does not fence
            var seen = KafkaClusterFixture.ReadAtLeast(consumer, 2, Patience, TimeSpan.FromSeconds(2)).Select(r => Encoding.UTF8.GetString(r.Message.Value)).ToList();
            Assert.Equal(["successor", "zombie"], seen.Order());
        }
    }

    [Fact]
    public void an_idempotent_producer_and_a_consumer_group_work_against_it()
    {
        var topic = kafka.CreateTopic("group", partitions: 4);
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true }).Build())
        {
            for (var i = 0; i < 100; i++) producer.Produce(topic, new Message<string, byte[]> { Key = $"k{i % 7}", Value = Encoding.UTF8.GetBytes($"m{i}") });
            Assert.Equal(0, producer.Flush(Patience));
        }
        using var consumer = kafka.CommittedReader(topic);
        var seen = KafkaClusterFixture.ReadAtLeast(consumer, 100, Patience);
        Assert.Equal(100, seen.Select(r => Encoding.UTF8.GetString(r.Message.Value)).Distinct().Count());
        Assert.Equal(100, seen.Count);
    }

    [Fact]
    public void creating_a_topic_twice_is_a_typed_error()
    {
        if (kafka.Mock is null) return; // only the in-process cluster can be told this
        var topic = kafka.CreateTopic("twice");
        var error = Assert.Throws<InProcessKafkaClusterException>(() => kafka.Mock!.CreateTopic(topic));
        Assert.Contains(topic, error.Message);
    }

    [Fact]
    public void an_unknown_broker_id_is_rejected()
    {
        if (kafka.Mock is null) return; // only the in-process cluster can be told this
        Assert.Throws<ArgumentOutOfRangeException>(() => kafka.Mock!.SetBrokerDown(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => kafka.Mock!.SetBrokerUp(0));
    }
}
