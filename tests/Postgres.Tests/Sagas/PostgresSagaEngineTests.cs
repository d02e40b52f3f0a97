using EventFramework.Conformance.Sagas;
using EventFramework.Testing;
using Xunit.Abstractions;

namespace EventFramework.Postgres.Tests.Sagas;

/// <summary>The engine on PostgreSQL: the log end to end, a timeout racing a completion, a timeout across a restart.</summary>
public sealed class PostgresSagaEngineTests(ITestOutputHelper output)
{
    private static readonly EventSerializer Serializer = OrderSaga.Serializer();

    private static async Task<(PostgresSchema Schema, PostgresEventStore Log, PostgresSagaStore Sagas, PostgresOutbox Outbox)> Setup(string name)
    {
        var schema = await PostgresSchema.Create(name);
        var log = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        await log.Migrate();
        return (schema, log, new PostgresSagaStore(schema.DataSource, schema.Name), new PostgresOutbox(schema.DataSource, schema.Name));
    }

    [Fact]
    public async Task sagas_follow_the_log_to_completion_with_each_command_in_the_outbox_once()
    {
        var (schema, log, sagas, _) = await Setup("saga_log");
        await using var _ = schema;
        await using var __ = log;
        var engine = new SagaEngine<StepSagaState<OrderPlaced>>(sagas, OrderSaga.Create(TimeSpan.FromMinutes(5)), Serializer);
        using var stop = new CancellationTokenSource();
        var run = engine.Run(log, stop.Token);

        for (var i = 0; i < 50; i++)
            await log.Append(Serializer, new StreamName($"order-{i}"), ExpectedVersion.NoStream, [new OrderPlaced($"o-{i}", i)]);
        await WaitUntil(async () => (await sagas.List("order", SagaStatus.Running, 1000)).Count == 50);
        for (var i = 0; i < 50; i++)
            await log.Append(Serializer, new StreamName($"order-{i}"), ExpectedVersion.Any, [new StockReserved($"o-{i}"), new CardCharged($"o-{i}"), new OrderShipped($"o-{i}")]);
        await WaitUntil(async () => (await sagas.List("order", SagaStatus.Completed, 1000)).Count == 50);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var sent = await CommittedOutbox.TypesByKey(schema);
        Assert.Equal(50, sent.Count);
        Assert.All(sent.Values, types => Assert.Equal(["ReserveStock", "ChargeCard", "ShipOrder"], types));
        Assert.Empty(await sagas.Timeouts("order", "o-0"));
        Assert.Equal(4, (await sagas.History("order", "o-7")).Count);
    }

    [Fact]
    public async Task a_timeout_racing_a_completion_never_reopens_the_saga()
    {
        var (schema, _, sagas, _) = await Setup("saga_race");
        await using var __ = schema;
        const int count = 300;
        var saga = OrderSaga.Create(TimeSpan.FromMilliseconds(100));
        var engine = new SagaEngine<StepSagaState<OrderPlaced>>(sagas, saga, Serializer, new SagaOptions { BatchSize = 20 });
        var ids = Enumerable.Range(0, count).Select(i => $"o-{i}").ToList();
        foreach (var chunk in ids.Chunk(100))
            await engine.Handle([.. chunk.SelectMany(id => new object[] { new OrderPlaced(id, 1m), new StockReserved(id), new CardCharged(id) }).Select(m => new SagaMessage(Guid.NewGuid(), m))]);

        // Every ship step's timeout is due: timeouts fire oldest first while replies come newest first, so they meet.
        await Task.Delay(500);
        var timeouts = new SagaEngine<StepSagaState<OrderPlaced>>(sagas, saga, Serializer, new SagaOptions { BatchSize = 7 });
        var replies = Task.Run(async () =>
        {
            foreach (var chunk in Enumerable.Reverse(ids).Chunk(5)) await engine.Handle([.. chunk.Select(id => new SagaMessage(Guid.NewGuid(), new OrderShipped(id)))]);
        });
        var firing = Task.Run(async () =>
        {
            while (!replies.IsCompleted || await timeouts.FireDueTimeouts() > 0) await timeouts.FireDueTimeouts();
        });
        await Task.WhenAll(replies, firing);
        while (await timeouts.FireDueTimeouts() > 0) { }

        var sent = await CommittedOutbox.TypesByKey(schema);
        var outcomes = new Dictionary<SagaStatus, int>();
        foreach (var id in ids)
        {
            var record = (await sagas.Find(id)).Single();
            outcomes[record.Status] = outcomes.GetValueOrDefault(record.Status) + 1;
            var history = await sagas.History("order", id);
            Assert.Equal(1, history.Count(h => h.Status != SagaStatus.Running)); // ended once, never reopened
            Assert.NotEqual(SagaStatus.Running, history[^1].Status);
            Assert.Equal(history.Count, record.Version);
            Assert.Empty(await sagas.Timeouts("order", id));
            List<string> expected = record.Status == SagaStatus.Completed
                ? ["ReserveStock", "ChargeCard", "ShipOrder"]
                : ["ReserveStock", "ChargeCard", "ShipOrder", "RefundCard", "ReleaseStock"];
            Assert.Equal(expected, sent[id]);
        }
        Assert.Equal(count, outcomes.GetValueOrDefault(SagaStatus.Completed) + outcomes.GetValueOrDefault(SagaStatus.Compensated));
        output.WriteLine($"completed {outcomes.GetValueOrDefault(SagaStatus.Completed)}, compensated {outcomes.GetValueOrDefault(SagaStatus.Compensated)}, conflicts {engine.Status.Conflicts + timeouts.Status.Conflicts}");
    }

    [Fact]
    public async Task a_timeout_still_fires_after_a_restart()
    {
        var (schema, log, sagas, _) = await Setup("saga_restart");
        await using var _ = schema;
        await using var __ = log;
        var saga = OrderSaga.Create(TimeSpan.FromSeconds(1));
        using (var first = new CancellationTokenSource())
        {
            var engine = new SagaEngine<StepSagaState<OrderPlaced>>(sagas, saga, Serializer);
            var run = engine.Run(log, first.Token);
            await log.Append(Serializer, new StreamName("order-1"), ExpectedVersion.NoStream, [new OrderPlaced("o-1", 3m)]);
            await WaitUntil(async () => (await sagas.Timeouts("order", "o-1")).Count == 1);
            await first.CancelAsync(); // stopped before the timeout is due
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }
        Assert.Equal(SagaStatus.Running, (await sagas.Find("o-1")).Single().Status);

        await using var restarted = NpgsqlDataSourceFor(schema);
        var again = new PostgresSagaStore(restarted, schema.Name);
        using var second = new CancellationTokenSource();
        var rerun = new SagaEngine<StepSagaState<OrderPlaced>>(again, OrderSaga.Create(TimeSpan.FromSeconds(1)), Serializer).Run(log, second.Token);
        await WaitUntil(async () => (await again.Find("o-1")).Single().Status == SagaStatus.Compensated);
        await second.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rerun);

        Assert.Equal(["ReserveStock", "ReleaseStock"], (await CommittedOutbox.TypesByKey(schema))["o-1"]);
        Assert.Equal("step 'reserve' timed out", (await again.Find("o-1")).Single().Reason);
    }

    private static Npgsql.NpgsqlDataSource NpgsqlDataSourceFor(PostgresSchema schema) => Npgsql.NpgsqlDataSource.Create(schema.ConnectionString);

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            Assert.False(timeout.IsCancellationRequested, "the condition did not hold within 60 s");
            await Task.Delay(50);
        }
    }
}
