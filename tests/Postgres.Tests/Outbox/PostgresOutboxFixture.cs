using EventFramework.Conformance;
using EventFramework.Testing;

namespace EventFramework.Postgres.Tests.Outbox;

public sealed class PostgresOutboxFixture() : PostgresSchemaFixture("outbox"), IOutboxStoreFixture
{
    private PostgresOutbox? _outbox;

    public PostgresOutbox Outbox => _outbox ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public IOutboxStore Store => Outbox;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await new PostgresEventStore(DataSource, new PostgresStoreOptions { Schema = Name }).Migrate();
        _outbox = new PostgresOutbox(DataSource, Name);
    }

    public Task Enqueue(IReadOnlyList<OutboxMessage> messages) => Outbox.Enqueue(messages);
}
