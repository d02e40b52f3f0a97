using EventFramework.Conformance.Sagas;
using EventFramework.Testing;

namespace EventFramework.Sqlite.Tests.Sagas;

/// <summary>A saga store in a fresh SQLite file per test class, beside its event store and outbox.</summary>
public sealed class SqliteSagaStoreFixture : ISagaStoreFixture, IAsyncLifetime
{
    private readonly TempFile _file = new();
    private SqliteEventStore? _store;
    private SqliteSagaStore? _sagas;
    private SqliteOutbox? _outbox;

    public ISagaStore Store => _sagas ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public ISagaQueries Queries => _sagas ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public IOutboxStore Outbox => _outbox ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public bool ConcurrentTransactions => false;

    public async Task InitializeAsync()
    {
        _store = new SqliteEventStore(_file.Path);
        await _store.Migrate();
        _sagas = new SqliteSagaStore(_store);
        _outbox = new SqliteOutbox(_store);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        _file.Dispose();
    }
}
