using EventFramework.Conformance.Sagas;

namespace EventFramework.Sagas.Tests;

/// <summary>Given/When/Then for sagas in memory: deliver messages, fire timeouts at a moved clock, read what was sent.</summary>
public sealed class SagaHarness<TState> where TState : class, new()
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public SagaHarness(Saga<TState> saga, EventSerializer? serializer = null)
    {
        Serializer = serializer ?? OrderSaga.Serializer();
        Store = new InMemorySagaStore(new InMemoryOutbox()) { Clock = () => _now };
        Saga = saga;
        Engine = new SagaEngine<TState>(Store, saga, Serializer);
    }

    public EventSerializer Serializer { get; }

    public InMemorySagaStore Store { get; }

    public Saga<TState> Saga { get; }

    public SagaEngine<TState> Engine { get; }

    /// <summary>Delivers each message once, under a new id; returns the messages as delivered (to redeliver them).</summary>
    public async Task<IReadOnlyList<SagaMessage>> Deliver(params object[] messages)
    {
        var delivered = messages.Select(m => new SagaMessage(Guid.NewGuid(), m)).ToList();
        await Engine.Handle(delivered);
        return delivered;
    }

    /// <summary>Moves the store's clock and fires what is due.</summary>
    public async Task<int> Advance(TimeSpan by)
    {
        _now += by;
        return await Engine.FireDueTimeouts();
    }

    public async Task<SagaRecord?> Find(string sagaId) => (await Store.Find(sagaId)).SingleOrDefault(s => s.SagaType == Saga.Name);

    /// <summary>What the saga sent, as (destination, message), in order.</summary>
    public async Task<IReadOnlyList<(string Destination, object Message)>> Sent(string? sagaId = null) =>
        (await SentMessages.All(Store.Outbox))
            .Where(m => sagaId is null || m.Headers["saga-id"] == sagaId)
            .Select(m => (m.Destination, SentMessages.Body(Serializer, m))).ToList();
}
