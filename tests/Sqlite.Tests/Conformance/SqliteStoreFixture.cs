using EventFramework.Conformance;
using EventFramework.Sqlite;
using EventFramework.Testing;

namespace EventFramework.Sqlite.Tests.Conformance;

/// <summary>A SQLite store in a fresh file per test class.</summary>
public sealed class SqliteStoreFixture : IEventStoreFixture, ICommandOutboxFixture, IAsyncLifetime
{
    private readonly TempFile _file = new();
    private SqliteEventStore? _store;
    private SqliteOutbox? _outbox;

    public IEventStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public IOutboxStore Outbox => _outbox ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public Task WaitForOutbox() => Task.CompletedTask; // one writer at a time: commit order is position order

    public async Task InitializeAsync()
    {
        _store = new SqliteEventStore(_file.Path);
        await _store.Migrate();
        _outbox = new SqliteOutbox(_store);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        _file.Dispose();
    }
}
