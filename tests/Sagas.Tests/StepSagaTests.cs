using EventFramework.Conformance.Sagas;

namespace EventFramework.Sagas.Tests;

public sealed class StepSagaTests
{
    private static SagaHarness<StepSagaState<OrderPlaced>> Orders() => new(OrderSaga.Create(TimeSpan.FromMinutes(1)));

    [Fact]
    public async Task three_completed_steps_complete_the_saga_and_send_each_command_once()
    {
        var orders = Orders();
        await orders.Deliver(new OrderPlaced("o-1", 10m));
        await orders.Deliver(new StockReserved("o-1"));
        await orders.Deliver(new CardCharged("o-1"));
        await orders.Deliver(new OrderShipped("o-1"));

        var saga = await orders.Find("o-1");
        Assert.Equal((SagaStatus.Completed, 4L), (saga!.Status, saga.Version));
        Assert.Equal<object>([new ReserveStock("o-1"), new ChargeCard("o-1", 10m), new ShipOrder("o-1")], (await orders.Sent("o-1")).Select(s => s.Message));
        Assert.Empty(await orders.Store.Timeouts("order", "o-1"));
    }

    [Fact]
    public async Task a_failed_step_sends_the_compensations_in_reverse_order_and_ends_compensated()
    {
        var orders = Orders();
        await orders.Deliver(new OrderPlaced("o-1", 10m), new StockReserved("o-1"), new CardCharged("o-1"));
        await orders.Deliver(new OrderPlaced("o-2", 5m), new StockReserved("o-2"), new CardDeclined("o-2", "insufficient funds"));

        var declined = await orders.Find("o-2");
        Assert.Equal((SagaStatus.Compensated, "step 'charge' failed: insufficient funds"), (declined!.Status, declined.Reason));
        Assert.Equal<object>([new ReserveStock("o-2"), new ChargeCard("o-2", 5m), new ReleaseStock("o-2")], (await orders.Sent("o-2")).Select(s => s.Message));
        Assert.Equal(SagaStatus.Running, (await orders.Find("o-1"))!.Status);
    }

    [Fact]
    public async Task compensations_of_every_completed_step_run_last_first()
    {
        var orders = Orders();
        await orders.Deliver(new OrderPlaced("o-1", 10m), new StockReserved("o-1"), new CardCharged("o-1"));
        Assert.Equal(1, await orders.Advance(TimeSpan.FromMinutes(2)));

        var saga = await orders.Find("o-1");
        Assert.Equal((SagaStatus.Compensated, "step 'ship' timed out"), (saga!.Status, saga.Reason));
        Assert.Equal<object>([new RefundCard("o-1", 10m), new ReleaseStock("o-1")], (await orders.Sent("o-1")).Skip(3).Select(s => s.Message));
    }

    [Fact]
    public async Task a_step_timeout_compensates_that_step_too_since_its_outcome_is_unknown()
    {
        var orders = Orders();
        await orders.Deliver(new OrderPlaced("o-1", 10m));
        Assert.Equal(0, await orders.Advance(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, await orders.Advance(TimeSpan.FromSeconds(31)));

        Assert.Equal(SagaStatus.Compensated, (await orders.Find("o-1"))!.Status);
        Assert.Equal<object>([new ReserveStock("o-1"), new ReleaseStock("o-1")], (await orders.Sent("o-1")).Select(s => s.Message));
    }

    [Fact]
    public async Task a_duplicate_delivery_has_one_effect()
    {
        var orders = Orders();
        var placed = await orders.Deliver(new OrderPlaced("o-1", 10m));
        var reserved = await orders.Deliver(new StockReserved("o-1"));
        await orders.Engine.Handle([.. placed, .. reserved, .. reserved]);

        Assert.Equal(2, (await orders.Find("o-1"))!.Version);
        Assert.Equal(2, (await orders.Sent("o-1")).Count);
    }

    [Fact]
    public async Task a_late_or_repeated_reply_for_an_earlier_step_is_ignored()
    {
        var orders = Orders();
        await orders.Deliver(new OrderPlaced("o-1", 10m), new StockReserved("o-1"));
        await orders.Deliver(new StockReserved("o-1")); // a second reply with another message id

        Assert.Equal(2, (await orders.Sent("o-1")).Count);
        Assert.Equal(SagaStatus.Running, (await orders.Find("o-1"))!.Status);
    }

    [Fact]
    public async Task a_timeout_after_completion_is_dropped_and_never_reopens_the_saga()
    {
        var orders = Orders();
        await orders.Deliver(new OrderPlaced("o-1", 10m), new StockReserved("o-1"), new CardCharged("o-1"), new OrderShipped("o-1"));
        await orders.Advance(TimeSpan.FromHours(1));
        await orders.Deliver(new StockRejected("o-1", "late"));

        var saga = await orders.Find("o-1");
        Assert.Equal((SagaStatus.Completed, 4L), (saga!.Status, saga.Version));
        Assert.Equal(3, (await orders.Sent("o-1")).Count);
    }

    [Fact]
    public async Task replies_for_a_saga_that_never_started_are_dropped()
    {
        var orders = Orders();
        await orders.Deliver(new StockReserved("nobody"));

        Assert.Null(await orders.Find("nobody"));
        Assert.Equal(1, orders.Engine.Status.Dropped);
    }

    [Fact]
    public void a_step_without_a_command_or_a_completing_reply_is_refused()
    {
        var saga = new StepSaga<OrderPlaced>("bad", e => e.OrderId);
        Assert.Throws<ArgumentException>(() => saga.Step("nothing", s => s.CompletedBy<StockReserved>(e => e.OrderId)));
        Assert.Throws<ArgumentException>(() => saga.Step("open", s => s.Send("inventory", o => new ReserveStock(o.OrderId))));
    }
}
