using EventFramework.Conformance.Sagas;
using EventFramework.Testing;

namespace EventFramework.Postgres.Tests.Sagas;

public sealed class PostgresSagaStoreFixture() : PostgresSchemaFixture("sagas"), ISagaStoreFixture
{
    private PostgresSagaStore? _store;
    private PostgresOutbox? _outbox;

    public PostgresSagaStore Sagas => _store ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public ISagaStore Store => Sagas;

    public ISagaQueries Queries => Sagas;

    public IOutboxStore Outbox => _outbox ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await new PostgresEventStore(DataSource, new PostgresStoreOptions { Schema = Name }).Migrate();
        _store = new PostgresSagaStore(DataSource, Name);
        _outbox = new PostgresOutbox(DataSource, Name);
    }
}
