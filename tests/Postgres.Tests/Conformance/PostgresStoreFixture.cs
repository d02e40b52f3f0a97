using EventFramework.Conformance;
using EventFramework.Testing;

namespace EventFramework.Postgres.Tests.Conformance;

/// <summary>A migrated PostgreSQL store in a fresh schema per test class.</summary>
public sealed class PostgresStoreFixture() : PostgresSchemaFixture("conformance"), IEventStoreFixture, ICommandOutboxFixture
{
    private PostgresEventStore? _store;

    public IEventStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public IOutboxStore Outbox => _store?.Outbox ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public Task WaitForReadAll() => _store!.WaitForReadAll();

    public Task WaitForOutbox() => WaitForReadAll(); // the outbox is read through the same fence

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = new PostgresEventStore(DataSource, new PostgresStoreOptions { Schema = Name });
        await _store.Migrate();
    }

    public override async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await base.DisposeAsync();
    }
}
