using System.Diagnostics;
using System.Text;
using EventFramework.Testing;

namespace EventFramework.Kafka.Tests.Relay;

public sealed class TransactionalRelayTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>, IAsyncLifetime
{
    private PostgresSchema? _schema;

    private PostgresSchema Schema => _schema!;

    public async Task InitializeAsync()
    {
        _schema = await PostgresSchema.Create("txn_relay");
        await new PostgresEventStore(Schema.DataSource, new PostgresStoreOptions { Schema = Schema.Name }).Migrate();
    }

    public async Task DisposeAsync() => await Schema.DisposeAsync();

    [Fact]
    public async Task it_publishes_the_outbox_and_records_its_position_in_kafka_and_in_the_database()
    {
        var outbox = new PostgresOutbox(Schema.DataSource, Schema.Name);
        var topic = kafka.CreateTopic("txn-relay");
        var messages = Enumerable.Range(0, 250).Select(i => Message(topic, $"k{i % 4}", (i / 4) + 1)).ToList();
        await outbox.Enqueue(messages);
        var relay = NewRelay(outbox, "txn-" + Guid.NewGuid().ToString("N")[..8], kafka.CreateTopic("positions", partitions: 1));

        await RunUntil(relay, outbox, messages.Count);

        var audit = TopicAudit.Read(kafka, topic, messages.Select(m => m.MessageId).ToHashSet(), TimeSpan.FromSeconds(60));
        Assert.Equal(messages.Count, audit.Distinct);
        Assert.Equal(0, audit.Duplicates);
        Assert.Empty(audit.OrderViolations);
    }

    [Fact]
    public async Task a_restarted_relay_resumes_from_the_position_committed_in_kafka_not_the_database_mirror()
    {
        var outbox = new PostgresOutbox(Schema.DataSource, Schema.Name);
        var topic = kafka.CreateTopic("txn-resume");
        var positions = kafka.CreateTopic("positions", partitions: 1);
        var name = "resume-" + Guid.NewGuid().ToString("N")[..8];
        var first = Enumerable.Range(0, 100).Select(i => Message(topic, "k", i + 1)).ToList();
        await outbox.Enqueue(first);
        await RunUntil(NewRelay(outbox, name, positions), outbox, first.Count);
        // As if the relay died between its Kafka commit and the database write: the mirror lags behind.
        var stored = await outbox.ReadAfter(LogPosition.Start, int.MaxValue);
        Assert.True(await outbox.Advance(name, stored[^1].Position, stored[49].Position, []));
        var second = Enumerable.Range(100, 100).Select(i => Message(topic, "k", i + 1)).ToList();
        await outbox.Enqueue(second);

        await RunUntil(NewRelay(outbox, name, positions), outbox, first.Count + second.Count);

        var all = first.Concat(second).Select(m => m.MessageId).ToHashSet();
        var audit = TopicAudit.Read(kafka, topic, all, TimeSpan.FromSeconds(60));
        Assert.Equal(all.Count, audit.Distinct);
        Assert.Equal(0, audit.Duplicates);
        Assert.Empty(audit.OrderViolations);
    }

    private TransactionalKafkaRelay NewRelay(PostgresOutbox outbox, string name, string positions) => new(name, outbox, new TransactionalRelayOptions
    {
        Producer = new KafkaProducerOptions { BootstrapServers = kafka.BootstrapServers },
        PositionTopic = positions,
        BatchSize = 64,
        PollInterval = TimeSpan.FromMilliseconds(50),
    });

    private static async Task RunUntil(TransactionalKafkaRelay relay, PostgresOutbox outbox, int count)
    {
        using var stop = new CancellationTokenSource();
        var running = relay.Run(stop.Token);
        var deadline = Stopwatch.StartNew();
        IReadOnlyList<StoredOutboxMessage> committed;
        // The gap-free read shows the messages once no older transaction in the cluster is open (other test classes').
        while ((committed = await outbox.ReadAfter(LogPosition.Start, int.MaxValue)).Count < count)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90), $"only {committed.Count} of {count} messages became readable");
            await Task.Delay(50);
        }
        var head = committed[count - 1].Position;
        while (await outbox.LoadPosition(relay.Name) is not { } at || at < head)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90), $"the relay did not get there: {relay.Status}");
            Assert.False(running.IsCompleted, $"the relay stopped: {running.Exception}");
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    /// <summary>A message numbered per key from 1, as <see cref="TopicAudit"/> expects.</summary>
    private static OutboxMessage Message(string topic, string key, int sequence) =>
        new(Guid.NewGuid(), topic, key, "Numbered", Encoding.UTF8.GetBytes($"{key}|{sequence}"));
}
