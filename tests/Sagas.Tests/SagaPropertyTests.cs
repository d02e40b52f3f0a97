using CsCheck;
using EventFramework.Conformance.Sagas;

namespace EventFramework.Sagas.Tests;

/// <summary>
/// Properties of the order saga under any delivery schedule: random order (replies before their
/// start are dropped), duplicates (the same message id again), delays (the clock moves and timeouts
/// fire between deliveries), and random batching. Whatever the schedule, every started saga ends,
/// each command is sent at most once, each message id has at most one effect, compensations match
/// the ending, batch boundaries change nothing, and redelivering everything afterwards changes nothing.
/// (A message dropped because its saga did not exist yet is not remembered: a redelivery may apply it.)
/// </summary>
public sealed class SagaPropertyTests
{
    private const int Kinds = 6;

    private abstract record Op;
    private sealed record DeliverOp(int Message, bool NewBatch) : Op;
    private sealed record WaitOp(int Seconds) : Op;

    private static readonly Gen<Op> OpGen = Gen.Frequency(
        (4, Gen.Select(Gen.Int[0, 1000], Gen.Bool, (m, b) => (Op)new DeliverOp(m, b))),
        (1, Gen.Int[1, 90].Select(s => (Op)new WaitOp(s))));

    private static readonly Gen<(int Sagas, Op[] Ops)> Schedules = Gen.Select(Gen.Int[1, 4], OpGen.Array[1, 60]);

    [Fact]
    public void any_schedule_ends_every_started_saga_consistently_and_duplicates_change_nothing() =>
        Schedules.Sample(schedule =>
        {
            var batched = Run(schedule.Sagas, schedule.Ops, batched: true).GetAwaiter().GetResult();
            var single = Run(schedule.Sagas, schedule.Ops, batched: false).GetAwaiter().GetResult();
            Assert.Equal(single, batched);
        }, iter: 300);

    /// <summary>Delivers the schedule (in its batches, or one message at a time), then lets every timeout fire; the outcome per saga.</summary>
    private static async Task<string> Run(int sagas, Op[] ops, bool batched)
    {
        var harness = new SagaHarness<StepSagaState<OrderPlaced>>(OrderSaga.Create(TimeSpan.FromSeconds(60)));
        var messages = Enumerable.Range(0, sagas).SelectMany(Messages).ToList();
        var batch = new List<SagaMessage>();
        var delivered = new List<SagaMessage>();
        async Task Flush()
        {
            if (batch.Count > 0) await harness.Engine.Handle([.. batch]);
            batch.Clear();
        }

        foreach (var op in ops)
        {
            if (op is WaitOp wait)
            {
                await Flush();
                await harness.Advance(TimeSpan.FromSeconds(wait.Seconds));
                continue;
            }
            var deliver = (DeliverOp)op;
            if (!batched || deliver.NewBatch) await Flush();
            batch.Add(messages[deliver.Message % messages.Count]);
            delivered.Add(batch[^1]);
        }
        await Flush();
        while (await harness.Advance(TimeSpan.FromHours(1)) > 0) { }
        var ended = await Outcome(harness);

        // Every message again, duplicates of what was handled: the ended sagas drop them all.
        await harness.Engine.Handle(delivered);
        Assert.Equal(ended, await Outcome(harness));
        return ended;
    }

    private static async Task<string> Outcome(SagaHarness<StepSagaState<OrderPlaced>> harness)
    {
        var outcome = new List<string>();
        var sent = (await SentMessages.All(harness.Store.Outbox)).ToList();
        Assert.Equal(sent.Count, sent.Select(m => m.MessageId).Distinct().Count());
        foreach (var saga in (await harness.Store.List(limit: 100)).OrderBy(s => s.SagaId, StringComparer.Ordinal))
        {
            var commands = sent.Where(m => m.Key == saga.SagaId).Select(m => m.Type).ToList();
            Assert.NotEqual(SagaStatus.Running, saga.Status); // no timeout lost
            Assert.Equal(Expected(saga), commands);
            var history = await harness.Store.History("order", saga.SagaId);
            Assert.Equal(Enumerable.Range(1, history.Count).Select(v => (long)v), history.Select(h => h.Version));
            Assert.Equal(1, history.Count(h => h.Status != SagaStatus.Running));
            Assert.Equal(history.Count, history.Select(h => h.MessageId).Distinct().Count()); // one effect per message id
            Assert.Empty(await harness.Store.Timeouts("order", saga.SagaId));
            outcome.Add($"{saga.SagaId}:{saga.Status}:{saga.Reason}:{saga.Version}:{string.Join(',', commands)}");
        }
        return string.Join(" | ", outcome);
    }

    private static IEnumerable<SagaMessage> Messages(int saga)
    {
        var id = $"o-{saga}";
        object[] bodies = [new OrderPlaced(id, 10m), new StockReserved(id), new StockRejected(id, "none left"), new CardCharged(id), new CardDeclined(id, "declined"), new OrderShipped(id)];
        return bodies.Select((body, kind) => new SagaMessage(new Guid(saga * Kinds + kind + 1, 0, 0, new byte[8]), body));
    }

    private static List<string> Expected(SagaRecord saga) => (saga.Status, saga.Reason) switch
    {
        (SagaStatus.Completed, _) => ["ReserveStock", "ChargeCard", "ShipOrder"],
        (SagaStatus.Compensated, "step 'reserve' failed: none left") => ["ReserveStock"],
        (SagaStatus.Compensated, "step 'reserve' timed out") => ["ReserveStock", "ReleaseStock"],
        (SagaStatus.Compensated, "step 'charge' failed: declined") => ["ReserveStock", "ChargeCard", "ReleaseStock"],
        (SagaStatus.Compensated, "step 'charge' timed out") => ["ReserveStock", "ChargeCard", "RefundCard", "ReleaseStock"],
        (SagaStatus.Compensated, "step 'ship' timed out") => ["ReserveStock", "ChargeCard", "ShipOrder", "RefundCard", "ReleaseStock"],
        _ => throw new Xunit.Sdk.XunitException($"unexpected ending {saga.Status} ({saga.Reason}) of {saga.SagaId}"),
    };
}
