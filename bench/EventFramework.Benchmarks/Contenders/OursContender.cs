using EventFramework.Benchmarks.Harness;
using EventFramework.Postgres;
using Npgsql;

namespace EventFramework.Benchmarks.Contenders;

/// <summary>Our PostgreSQL store with its default options, in its own schema and pool.</summary>
internal sealed class OursContender(BenchDatabase database, string schema) : EventStoreContender
{
    private readonly NpgsqlDataSource _dataSource = database.CreateDataSource("ours");

    public override string Name => "ours";

    protected override async Task<IEventStore> OpenStore(bool fresh, CancellationToken ct)
    {
        if (fresh) await database.DropSchema(schema);
        var store = new PostgresEventStore(_dataSource, new PostgresStoreOptions { Schema = schema, NotifyOnAppend = Environment.GetEnvironmentVariable("BENCH_NOTIFY") != "off" });
        await store.Migrate(ct);
        return store;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
