using EventFramework.Conformance.Sagas;

namespace EventFramework.Sagas.Tests;

public sealed class SagaEngineTests
{
    private static SagaHarness<RefundState> Refunds() => new(new Refunds(), Sagas.Tests.Refunds.Serializer());

    [Fact]
    public async Task a_handler_that_throws_fails_the_saga_with_the_reason_and_sends_its_compensations()
    {
        var refunds = Refunds();
        await refunds.Deliver(new RefundRequested("r-1", 5000m));
        await refunds.Deliver(new RefundApproved("r-1"));

        var saga = await refunds.Find("r-1");
        Assert.Equal(SagaStatus.Failed, saga!.Status);
        Assert.Equal("RefundApproved failed: InvalidOperationException: too large to approve", saga.Reason);
        Assert.Contains("5000", saga.State, StringComparison.Ordinal);
        Assert.Equal<object>([new RefundCard("r-1", 5000m), new ChargeCard("r-1", 5000m)], (await refunds.Sent("r-1")).Select(s => s.Message));
        Assert.Empty(await refunds.Store.Timeouts("refunds", "r-1"));
    }

    [Fact]
    public async Task a_start_message_whose_handler_throws_leaves_a_failed_saga_with_nothing_sent()
    {
        var refunds = Refunds();
        await refunds.Deliver(new RefundRequested("r-1", -1m));

        var saga = await refunds.Find("r-1");
        Assert.Equal((SagaStatus.Failed, 1L), (saga!.Status, saga.Version));
        Assert.Empty(await refunds.Sent("r-1"));
    }

    [Fact]
    public async Task sending_an_unregistered_message_type_fails_the_saga_with_a_typed_reason()
    {
        var refunds = Refunds();
        await refunds.Deliver(new RefundRequested("r-1", 5m), new CardDeclined("r-1", "x"));

        var saga = await refunds.Find("r-1");
        Assert.Equal(SagaStatus.Failed, saga!.Status);
        Assert.Contains(nameof(UnregisteredEventTypeException), saga.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_timeout_can_schedule_itself_again_and_a_cancelled_one_never_fires()
    {
        var refunds = Refunds();
        await refunds.Deliver(new RefundRequested("r-1", 5m));
        Assert.Equal(1, await refunds.Advance(TimeSpan.FromMinutes(6)));
        Assert.Equal(1, await refunds.Advance(TimeSpan.FromMinutes(6)));
        Assert.Contains("\"reminders\":2", (await refunds.Find("r-1"))!.State, StringComparison.Ordinal);

        await refunds.Deliver(new RefundApproved("r-1"));
        Assert.Equal(0, await refunds.Advance(TimeSpan.FromHours(1)));
        Assert.Equal(SagaStatus.Completed, (await refunds.Find("r-1"))!.Status);
        Assert.Equal(["RefundRequested", "Remind", "Remind", "RefundApproved"], (await refunds.Store.History("refunds", "r-1")).Select(h => h.MessageType));
    }

    [Fact]
    public async Task a_message_without_a_handler_or_with_an_empty_saga_id_changes_nothing()
    {
        var refunds = Refunds();
        Assert.Equal(0, await refunds.Engine.Handle([new SagaMessage(Guid.NewGuid(), new OrderShipped("o-1")), new SagaMessage(Guid.NewGuid(), new RefundRequested("", 1m))]));
        Assert.Empty(await refunds.Store.List());
        await Assert.ThrowsAsync<ArgumentNullException>(() => refunds.Engine.Handle([new SagaMessage(Guid.NewGuid(), null!)]));
    }

    [Fact]
    public void an_engine_refuses_a_saga_whose_message_types_are_not_registered()
    {
        Assert.Throws<UnregisteredEventTypeException>(() => new SagaEngine<RefundState>(new InMemorySagaStore(new InMemoryOutbox()), new Refunds(), OrderSaga.Serializer()));
    }

    [Fact]
    public async Task the_log_is_followed_from_the_checkpoint_and_a_restart_applies_nothing_twice()
    {
        var serializer = OrderSaga.Serializer();
        var log = new InMemoryEventStore();
        var store = new InMemorySagaStore(new InMemoryOutbox());
        var saga = OrderSaga.Create(TimeSpan.FromMinutes(1));
        await log.Append(serializer, new StreamName("order-1"), ExpectedVersion.Any, [new OrderPlaced("o-1", 1m), new StockReserved("o-1")]);

        await RunUntil(log, store, saga, serializer, s => s.Handled == 2);
        await log.Append(serializer, new StreamName("order-1"), ExpectedVersion.Any, [new CardCharged("o-1"), new OrderShipped("o-1")]);
        await RunUntil(log, store, saga, serializer, s => s.Handled == 2);

        Assert.Equal((SagaStatus.Completed, 4L), ((await store.Find("o-1"))[0].Status, (await store.Find("o-1"))[0].Version));
        Assert.Equal(3, (await SentMessages.All(store.Outbox)).Count);
    }

    private static async Task RunUntil(InMemoryEventStore log, InMemorySagaStore store, StepSaga<OrderPlaced> saga, EventSerializer serializer, Func<SagaEngineStatus, bool> done)
    {
        var engine = new SagaEngine<StepSagaState<OrderPlaced>>(store, saga, serializer);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = engine.Run(log, stop.Token);
        while (!done(engine.Status) && !stop.IsCancellationRequested) await Task.Delay(20);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(done(engine.Status), $"engine status: {engine.Status}");
    }
}
