using EventFramework.Conformance.Sagas;
using EventFramework.Testing;

namespace EventFramework.Sqlite.Tests.Sagas;

/// <summary>A saga store in a fresh SQLite file per test class, beside its event store and outbox.</summary>
public sealed class SqliteSagaStoreFixture : ISagaStoreFixture, IAsyncLifetime
{
    private readonly TempFile _file = new();
    private SqliteEventStore? _events;
    private SqliteSagaStore? _store;
    private SqliteOutbox? _outbox;

    public ISagaStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public ISagaQueries Queries => _store ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public IOutboxStore Outbox => _outbox ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public async Task InitializeAsync()
    {
        _events = new SqliteEventStore(_file.Path);
        await _events.Migrate();
        _store = new SqliteSagaStore(_events);
        _outbox = new SqliteOutbox(_events);
    }

    public async Task DisposeAsync()
    {
        if (_events is not null) await _events.DisposeAsync();
        _file.Dispose();
    }
}

public sealed class SqliteSagaStoreTests(SqliteSagaStoreFixture fixture) : SagaStoreTests<SqliteSagaStoreFixture>(fixture);
