namespace EventFramework.Conformance.Sagas;

/// <summary>The three-step saga the saga tests share: reserve stock, charge the card, ship.</summary>
public static class OrderSaga
{
    /// <summary>Every message type of the saga, under stable names.</summary>
    public static TypeRegistry Register(TypeRegistry registry) => registry
        .Register<OrderPlaced>("OrderPlaced").Register<ReserveStock>("ReserveStock").Register<ReleaseStock>("ReleaseStock")
        .Register<StockReserved>("StockReserved").Register<StockRejected>("StockRejected").Register<ChargeCard>("ChargeCard")
        .Register<RefundCard>("RefundCard").Register<CardCharged>("CardCharged").Register<CardDeclined>("CardDeclined")
        .Register<ShipOrder>("ShipOrder").Register<OrderShipped>("OrderShipped");

    public static EventSerializer Serializer() => new(Register(new TypeRegistry()));

    /// <summary>The saga; each step waits <paramref name="stepTimeout"/> for its reply (the ship step <paramref name="shipTimeout"/>, when given).</summary>
    public static StepSaga<OrderPlaced> Create(TimeSpan stepTimeout, TimeSpan? shipTimeout = null, string name = "order") =>
        new StepSaga<OrderPlaced>(name, e => e.OrderId)
            .Step("reserve", s => s.Send("inventory", o => new ReserveStock(o.OrderId))
                .CompletedBy<StockReserved>(e => e.OrderId)
                .FailedBy<StockRejected>(e => e.OrderId, e => e.Why)
                .CompensateWith("inventory", o => new ReleaseStock(o.OrderId))
                .TimeoutAfter(stepTimeout))
            .Step("charge", s => s.Send("payments", o => new ChargeCard(o.OrderId, o.Amount))
                .CompletedBy<CardCharged>(e => e.OrderId)
                .FailedBy<CardDeclined>(e => e.OrderId, e => e.Why)
                .CompensateWith("payments", o => new RefundCard(o.OrderId, o.Amount))
                .TimeoutAfter(stepTimeout))
            .Step("ship", s => s.Send("shipping", o => new ShipOrder(o.OrderId))
                .CompletedBy<OrderShipped>(e => e.OrderId)
                .TimeoutAfter(shipTimeout ?? stepTimeout));
}
