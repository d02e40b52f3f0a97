using EventFramework.Conformance;
using EventFramework.Testing;

namespace EventFramework.Postgres.Tests.Outbox;

public sealed class PostgresOutboxFixture() : PostgresSchemaFixture("outbox"), IOutboxStoreFixture
{
    private PostgresEventStore? _store;

    public PostgresOutbox Outbox => _store?.Outbox ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public IOutboxStore Store => Outbox;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = new PostgresEventStore(DataSource, new PostgresStoreOptions { Schema = Name });
        await _store.Migrate();
    }

    /// <summary>
    /// Enqueues, then waits until the fence has passed the commit: other test classes' transactions
    /// running meanwhile in the same cluster hold it back for a moment.
    /// </summary>
    public async Task Enqueue(IReadOnlyList<OutboxMessage> messages)
    {
        await Outbox.Enqueue(messages);
        await _store!.WaitForReadAll();
    }

    public Task<int> DeleteRelayed(TimeSpan keep) => Outbox.DeleteRelayed(keep);

    public override async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await base.DisposeAsync();
    }
}
