using EventFramework.Conformance.Sagas;
using EventFramework.Testing;

namespace EventFramework.Sqlite.Tests.Sagas;

/// <summary>The engine on SQLite: the log end to end through one file, and a timeout that fires after a restart.</summary>
public sealed class SqliteSagaEngineTests
{
    private static readonly EventSerializer Serializer = OrderSaga.Serializer();

    [Fact]
    public async Task sagas_follow_the_log_to_completion_with_each_command_in_the_outbox_once()
    {
        using var file = new TempFile();
        await using var log = new SqliteEventStore(file.Path);
        var sagas = new SqliteSagaStore(log);
        var engine = new SagaEngine<StepSagaState<OrderPlaced>>(sagas, OrderSaga.Create(TimeSpan.FromMinutes(5)), Serializer);
        using var stop = new CancellationTokenSource();
        var run = engine.Run(log, stop.Token);

        for (var i = 0; i < 20; i++)
            await log.Append(Serializer, new StreamName($"order-{i}"), ExpectedVersion.NoStream, [new OrderPlaced($"o-{i}", i), new StockReserved($"o-{i}")]);
        for (var i = 0; i < 20; i++)
            await log.Append(Serializer, new StreamName($"order-{i}"), ExpectedVersion.Any, [new CardCharged($"o-{i}"), i % 2 == 0 ? new OrderShipped($"o-{i}") : new StockRejected($"o-{i}", "late")]);
        await WaitUntil(async () => (await sagas.List("order", SagaStatus.Running)).Count == 10 && (await sagas.List("order", SagaStatus.Completed)).Count == 10);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var sent = await SentMessages.All(new SqliteOutbox(log));
        Assert.All(sent.GroupBy(m => m.Key), g => Assert.Equal(["ReserveStock", "ChargeCard", "ShipOrder"], g.Select(m => m.Type)));
        Assert.Equal(60, sent.Count);
    }

    [Fact]
    public async Task a_timeout_still_fires_after_a_restart()
    {
        using var file = new TempFile();
        await using (var log = new SqliteEventStore(file.Path))
        {
            var sagas = new SqliteSagaStore(log);
            using var stop = new CancellationTokenSource();
            var run = new SagaEngine<StepSagaState<OrderPlaced>>(sagas, OrderSaga.Create(TimeSpan.FromSeconds(1)), Serializer).Run(log, stop.Token);
            await log.Append(Serializer, new StreamName("order-1"), ExpectedVersion.NoStream, [new OrderPlaced("o-1", 3m)]);
            await WaitUntil(async () => (await sagas.Timeouts("order", "o-1")).Count == 1);
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            Assert.Equal(SagaStatus.Running, (await sagas.Find("o-1")).Single().Status);
        }

        await using var reopened = new SqliteEventStore(file.Path);
        var again = new SqliteSagaStore(reopened);
        using var second = new CancellationTokenSource();
        var rerun = new SagaEngine<StepSagaState<OrderPlaced>>(again, OrderSaga.Create(TimeSpan.FromSeconds(1)), Serializer).Run(reopened, second.Token);
        await WaitUntil(async () => (await again.Find("o-1")).Single().Status == SagaStatus.Compensated);
        await second.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rerun);
        Assert.Equal(["ReserveStock", "ReleaseStock"], (await SentMessages.All(new SqliteOutbox(reopened))).Select(m => m.Type));
    }

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
