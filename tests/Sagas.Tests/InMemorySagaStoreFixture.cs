using EventFramework.Conformance.Sagas;

namespace EventFramework.Sagas.Tests;

public sealed class InMemorySagaStoreFixture : ISagaStoreFixture
{
    private readonly InMemorySagaStore _store = new(new InMemoryOutbox());

    public ISagaStore Store => _store;

    public ISagaQueries Queries => _store;

    public IOutboxStore Outbox => _store.Outbox;
}
