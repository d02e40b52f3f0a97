using EventFramework.Conformance;
using EventFramework.Testing;

namespace EventFramework.Marten.Tests.Conformance;

/// <summary>A migrated Marten event store in a fresh schema per test class.</summary>
public sealed class MartenStoreFixture() : PostgresSchemaFixture("marten"), IEventStoreFixture
{
    private MartenEventStore? _store;

    public MartenEventStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    IEventStore IEventStoreFixture.Store => Store;

    public Task WaitForReadAll() => Store.WaitForReadAll();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = new MartenEventStore(DataSource, new MartenStoreOptions { Schema = Name });
        await _store.Migrate();
    }

    public override async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await base.DisposeAsync();
    }
}
