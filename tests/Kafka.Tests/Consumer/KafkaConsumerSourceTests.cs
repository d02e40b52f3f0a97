using System.Diagnostics;
using System.Text;
using EventFramework.Testing;

namespace EventFramework.Kafka.Tests.Consumer;

public sealed class KafkaConsumerSourceTests(KafkaClusterFixture kafka) : IClassFixture<KafkaClusterFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private PostgresSchema? _schema;

    private PostgresSchema Schema => _schema!;

    public async Task InitializeAsync()
    {
        _schema = await PostgresSchema.Create("consumer_source");
        await new PostgresEventStore(Schema.DataSource, new PostgresStoreOptions { Schema = Schema.Name }).Migrate();
        await using var create = Schema.DataSource.CreateCommand("create table applied (message_id uuid primary key, source text not null, times int not null)");
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await Schema.DisposeAsync();

    [Fact]
    public async Task a_restarted_source_seeks_to_the_offsets_stored_with_its_effects_and_applies_nothing_twice()
    {
        var topic = kafka.CreateTopic("source-restart");
        var name = "restart-" + Guid.NewGuid().ToString("N")[..8];
        await Publish(topic, 300);
        await RunUntilApplied(name, topic, expected: 300);

        await Publish(topic, 200);
        await RunUntilApplied(name, topic, expected: 500);

        Assert.Equal(500L, await Scalar("select count(*) from applied where source = $1", name));
        Assert.Equal(0L, await Scalar("select count(*) from applied where source = $1 and times <> 1", name));
        var offsets = await new PostgresConsumerOffsets(Schema.DataSource, Schema.Name).Load(name, topic);
        Assert.Equal(3, offsets.Count);
    }

    [Fact]
    public async Task two_members_of_one_group_split_the_partitions_without_double_effects()
    {
        var topic = kafka.CreateTopic("source-group", partitions: 6);
        var name = "group-" + Guid.NewGuid().ToString("N")[..8];
        var offsets = new PostgresConsumerOffsets(Schema.DataSource, Schema.Name);
        var first = NewSource(name, topic, offsets);
        var second = NewSource(name, topic, offsets);
        using var stop = new CancellationTokenSource();
        var running = Task.WhenAll(first.Run(stop.Token), second.Run(stop.Token));
        var deadline = Stopwatch.StartNew();
        while (first.Assignment.Count == 0 || second.Assignment.Count == 0 || first.Assignment.Count + second.Assignment.Count != 6)
        {
            Assert.True(deadline.Elapsed < Patience, $"the group did not settle: {first.Assignment.Count} + {second.Assignment.Count} partitions");
            Assert.False(running.IsCompleted, $"a member stopped: {running.Exception}");
            await Task.Delay(100);
        }
        Assert.Empty(first.Assignment.Intersect(second.Assignment));

        await Publish(topic, 600);
        while (await Scalar("select count(*) from applied where source = $1", name) < 600)
        {
            Assert.True(deadline.Elapsed < Patience * 2, "not every message was applied");
            Assert.False(running.IsCompleted, $"a member stopped: {running.Exception}");
            await Task.Delay(100);
        }
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Equal(0L, await Scalar("select count(*) from applied where source = $1 and times <> 1", name));
        Assert.True(first.Applied > 0 && second.Applied > 0, $"one member did all the work: {first.Applied} and {second.Applied}");
        Assert.Equal(600, first.Applied + second.Applied);
    }

    private KafkaConsumerSource<PostgresProjectionContext> NewSource(string name, string topic, PostgresConsumerOffsets offsets) =>
        new(name, [topic], offsets, (db, messages, _) =>
        {
            foreach (var m in messages)
                db.Defer("insert into applied (message_id, source, times) values ($1, $2, 1) on conflict (message_id) do update set times = applied.times + 1", m.MessageId, name);
            return Task.CompletedTask;
        }, new KafkaConsumerSourceOptions { BootstrapServers = kafka.BootstrapServers, MaxBatchSize = 50 });

    private async Task RunUntilApplied(string name, string topic, int expected)
    {
        var source = NewSource(name, topic, new PostgresConsumerOffsets(Schema.DataSource, Schema.Name));
        using var stop = new CancellationTokenSource();
        var running = source.Run(stop.Token);
        var deadline = Stopwatch.StartNew();
        while (await Scalar("select count(*) from applied where source = $1", name) < expected)
        {
            Assert.True(deadline.Elapsed < Patience, "not every message was applied");
            Assert.False(running.IsCompleted, $"the source stopped: {running.Exception}");
            await Task.Delay(100);
        }
        // Give a wrongly placed consumer (one starting from the beginning) the time to apply something twice.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    private async Task Publish(string topic, int count)
    {
        using var producer = new KafkaProducer(new KafkaProducerOptions { BootstrapServers = kafka.BootstrapServers });
        var messages = Enumerable.Range(0, count).Select(i => new OutboxMessage(Guid.NewGuid(), topic, $"k{i % 17}", "Numbered", Encoding.UTF8.GetBytes($"{i}"))).ToList();
        Assert.Empty(await producer.Produce(messages));
    }

    private async Task<long> Scalar(string sql, string parameter)
    {
        await using var cmd = Schema.DataSource.CreateCommand(sql);
        cmd.Parameters.AddWithValue(parameter);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
