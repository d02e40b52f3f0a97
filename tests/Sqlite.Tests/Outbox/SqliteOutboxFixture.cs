using EventFramework.Conformance;
using EventFramework.Testing;

namespace EventFramework.Sqlite.Tests.Outbox;

/// <summary>An outbox in a fresh SQLite file per test class, next to its event store.</summary>
public sealed class SqliteOutboxFixture : IOutboxStoreFixture, IAsyncLifetime
{
    private readonly TempFile _file = new();
    private SqliteEventStore? _store;
    private SqliteOutbox? _outbox;

    public SqliteEventStore EventStore => _store ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public SqliteOutbox Outbox => _outbox ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public IOutboxStore Store => Outbox;

    public async Task InitializeAsync()
    {
        _store = new SqliteEventStore(_file.Path);
        await _store.Migrate();
        _outbox = new SqliteOutbox(_store);
    }

    public Task Enqueue(IReadOnlyList<OutboxMessage> messages) => Outbox.Enqueue(messages);

    public Task<int> DeleteRelayed(TimeSpan keep) => Outbox.DeleteRelayed(keep);

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        _file.Dispose();
    }
}
