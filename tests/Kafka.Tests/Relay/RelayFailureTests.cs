using System.Diagnostics;
using System.Text;
using EventFramework.Testing;

namespace EventFramework.Kafka.Tests.Relay;

/// <summary>Both relay modes against an unreachable cluster and against a message Kafka will never take.</summary>
public sealed class RelayFailureTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private PostgresSchema? _schema;

    private PostgresSchema Schema => _schema!;

    public async Task InitializeAsync()
    {
        _schema = await PostgresSchema.Create("relay_failure");
        await new PostgresEventStore(Schema.DataSource, new PostgresStoreOptions { Schema = Schema.Name }).Migrate();
    }

    public async Task DisposeAsync() => await Schema.DisposeAsync();

    [Fact]
    public async Task with_every_broker_down_for_30_seconds_both_relays_recover_by_themselves_and_lose_nothing()
    {
        if (!kafka.CanTakeBrokersDown) return; // a real cluster cannot be taken down from here
        var outbox = new PostgresOutbox(Schema.DataSource, Schema.Name);
        var pollingTopic = kafka.CreateTopic("down-polling");
        var transactionalTopic = kafka.CreateTopic("down-txn");
        var options = new KafkaProducerOptions { BootstrapServers = kafka.BootstrapServers, DeliveryTimeout = TimeSpan.FromSeconds(10), TransactionTimeout = TimeSpan.FromSeconds(10) };
        using var producer = new KafkaProducer(options);
        var polling = new OutboxRelay("down-polling", outbox, producer, options: new OutboxRelayOptions { PollInterval = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromSeconds(2) });
        var transactional = new TransactionalKafkaRelay("down-txn", outbox, new TransactionalRelayOptions
        {
            Producer = options,
            PositionTopic = kafka.CreateTopic("positions", partitions: 1),
            PollInterval = TimeSpan.FromMilliseconds(50),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
        });
        using var stop = new CancellationTokenSource();
        var running = Task.WhenAll(polling.Run(stop.Token), transactional.Run(stop.Token));

        var sent = new List<OutboxMessage>();
        async Task Write(int count)
        {
            var next = (sent.Count / 2) + 1;
            var messages = Enumerable.Range(next, count).SelectMany(n => new[] { Message(pollingTopic, n), Message(transactionalTopic, n) }).ToList();
            await outbox.Enqueue(messages);
            sent.AddRange(messages);
        }

        await Write(50);
        await WaitUntilRelayed(outbox, [polling.Name, transactional.Name], running);
        kafka.Mock!.TakeAllBrokersDown();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                await Write(20);
                await Task.Delay(TimeSpan.FromSeconds(5));
            }
            Assert.NotNull(polling.Status.LastError);
        }
        finally
        {
            kafka.Mock.BringAllBrokersUp();
        }
        await Write(50);
        await WaitUntilRelayed(outbox, [polling.Name, transactional.Name], running);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        foreach (var topic in new[] { pollingTopic, transactionalTopic })
        {
            var expected = sent.Where(m => m.Destination == topic).Select(m => m.MessageId).ToHashSet();
            var audit = TopicAudit.Read(kafka, topic, expected, Patience);
            Assert.Equal(0, expected.Count(id => !audit.Saw(id)));
            Assert.Empty(audit.OrderViolations);
        }
    }

    [Theory]
    [InlineData("polling")]
    [InlineData("transactional")]
    public async Task an_oversized_message_is_dead_lettered_with_its_reason_and_the_others_flow(string mode)
    {
        var outbox = new PostgresOutbox(Schema.DataSource, Schema.Name);
        var topic = kafka.CreateTopic("oversized-" + mode);
        var name = "oversized-" + mode;
        var options = new KafkaProducerOptions { BootstrapServers = kafka.BootstrapServers, MessageMaxBytes = 100_000 };
        var messages = Enumerable.Range(1, 20).Select(n => Message(topic, n)).ToList();
        var huge = messages[7] with { Payload = new byte[300_000] };
        messages[7] = huge;
        await outbox.Enqueue(messages);

        using var producer = new KafkaProducer(options);
        using var stop = new CancellationTokenSource();
        var running = mode == "polling"
            ? new OutboxRelay(name, outbox, producer, options: new OutboxRelayOptions { PollInterval = TimeSpan.FromMilliseconds(50) }).Run(stop.Token)
            : new TransactionalKafkaRelay(name, outbox, new TransactionalRelayOptions { Producer = options, PositionTopic = kafka.CreateTopic("positions", 1), PollInterval = TimeSpan.FromMilliseconds(50) }).Run(stop.Token);
        await WaitUntilRelayed(outbox, [name], running);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var dead = Assert.Single(await outbox.LoadDeadLetters(name));
        Assert.Equal(huge.MessageId, dead.Message.Message.MessageId);
        Assert.Contains("MsgSizeTooLarge", dead.Reason);
        await using (var cmd = Schema.DataSource.CreateCommand($"select reason from {Schema.Name}.outbox_dead_letters where relay = $1"))
        {
            cmd.Parameters.AddWithValue(name);
            Assert.Contains("MsgSizeTooLarge", (string)(await cmd.ExecuteScalarAsync())!);
        }
        var others = messages.Where(m => m != huge).Select(m => m.MessageId).ToHashSet();
        var audit = TopicAudit.Read(kafka, topic, others, Patience);
        Assert.Equal(others.Count, audit.Distinct);
        Assert.False(audit.Saw(huge.MessageId));
    }

    private static async Task WaitUntilRelayed(PostgresOutbox outbox, string[] relays, Task running)
    {
        var head = (await outbox.ReadAfter(LogPosition.Start, int.MaxValue))[^1].Position;
        var deadline = Stopwatch.StartNew();
        foreach (var relay in relays)
        {
            while (await outbox.LoadPosition(relay) is not { } at || at < head)
            {
                Assert.True(deadline.Elapsed < Patience, $"relay {relay} did not get to {head}");
                Assert.False(running.IsCompleted, $"a relay stopped: {running.Exception}");
                await Task.Delay(100);
            }
        }
    }

    /// <summary>One key per topic, numbered from 1, as <see cref="TopicAudit"/> expects.</summary>
    private static OutboxMessage Message(string topic, int sequence) =>
        new(Guid.NewGuid(), topic, "k", "Numbered", Encoding.UTF8.GetBytes($"k|{sequence}"));
}
