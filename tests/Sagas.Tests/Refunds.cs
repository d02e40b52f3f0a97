using EventFramework.Conformance.Sagas;

namespace EventFramework.Sagas.Tests;

public sealed class RefundState
{
    public decimal Amount { get; set; }
    public int Reminders { get; set; }
}

public sealed record RefundRequested(string OrderId, decimal Amount);
public sealed record RefundApproved(string OrderId);
public sealed record Remind(string OrderId);
public sealed record NotRegistered(string OrderId);

/// <summary>A hand-written saga: explicit handlers, its own timeouts and compensations, and one handler that throws.</summary>
public sealed class Refunds : Saga<RefundState>
{
    public Refunds() : base("refunds")
    {
        StartedBy<RefundRequested>(e => e.OrderId, (ctx, e) =>
        {
            if (e.Amount <= 0) throw new InvalidOperationException("a refund must be positive");
            ctx.State.Amount = e.Amount;
            ctx.Send("payments", new RefundCard(e.OrderId, e.Amount));
            ctx.RecordCompensation("payments", new ChargeCard(e.OrderId, e.Amount));
            ctx.RequestTimeout(new Remind(e.OrderId), TimeSpan.FromMinutes(5), "remind");
        });
        Handles<RefundApproved>(e => e.OrderId, (ctx, _) =>
        {
            if (ctx.State.Amount > 1000) throw new InvalidOperationException("too large to approve");
            ctx.CancelTimeout("remind");
            ctx.Complete();
        });
        Handles<CardDeclined>(e => e.OrderId, (ctx, e) => ctx.Send("audit", new NotRegistered(e.OrderId)));
        OnTimeout<Remind>((ctx, r) =>
        {
            ctx.State.Reminders++;
            ctx.RequestTimeout(r, TimeSpan.FromMinutes(5), "remind");
        });
    }

    public static EventSerializer Serializer() => new(OrderSaga.Register(new TypeRegistry())
        .Register<RefundRequested>("RefundRequested").Register<RefundApproved>("RefundApproved").Register<Remind>("Remind"));
}
