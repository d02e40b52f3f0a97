namespace EventFramework.Benchmarks.Sagas;

// The benchmark's three-step order saga: reserve, charge, ship, each with a reply and a compensation.
internal sealed record BenchOrderPlaced(string OrderId, decimal Amount);
internal sealed record BenchReserve(string OrderId);
internal sealed record BenchRelease(string OrderId);
internal sealed record BenchReserved(string OrderId);
internal sealed record BenchCharge(string OrderId, decimal Amount);
internal sealed record BenchRefund(string OrderId, decimal Amount);
internal sealed record BenchCharged(string OrderId);
internal sealed record BenchShip(string OrderId);
internal sealed record BenchShipped(string OrderId);

internal static class BenchOrders
{
    public const string Name = "bench-order";

    public static EventSerializer Serializer() => new(new TypeRegistry()
        .Register<BenchOrderPlaced>("BenchOrderPlaced").Register<BenchReserve>("BenchReserve").Register<BenchRelease>("BenchRelease")
        .Register<BenchReserved>("BenchReserved").Register<BenchCharge>("BenchCharge").Register<BenchRefund>("BenchRefund")
        .Register<BenchCharged>("BenchCharged").Register<BenchShip>("BenchShip").Register<BenchShipped>("BenchShipped"));

    public static StepSaga<BenchOrderPlaced> Saga() =>
        new StepSaga<BenchOrderPlaced>(Name, e => e.OrderId)
            .Step("reserve", s => s.Send("inventory", o => new BenchReserve(o.OrderId)).CompletedBy<BenchReserved>(e => e.OrderId)
                .CompensateWith("inventory", o => new BenchRelease(o.OrderId)).TimeoutAfter(TimeSpan.FromMinutes(10)))
            .Step("charge", s => s.Send("payments", o => new BenchCharge(o.OrderId, o.Amount)).CompletedBy<BenchCharged>(e => e.OrderId)
                .CompensateWith("payments", o => new BenchRefund(o.OrderId, o.Amount)).TimeoutAfter(TimeSpan.FromMinutes(10)))
            .Step("ship", s => s.Send("shipping", o => new BenchShip(o.OrderId)).CompletedBy<BenchShipped>(e => e.OrderId)
                .TimeoutAfter(TimeSpan.FromMinutes(10)));

    /// <summary>What each participant answers.</summary>
    public static object? Reply(object command) => command switch
    {
        BenchReserve c => new BenchReserved(c.OrderId),
        BenchCharge c => new BenchCharged(c.OrderId),
        BenchShip c => new BenchShipped(c.OrderId),
        _ => null,
    };
}
