using EventFramework.Benchmarks.Contenders;
using EventFramework.Benchmarks.Harness;
using Npgsql;

namespace EventFramework.Benchmarks.Adapters;

/// <summary>The Marten adapter (<see cref="MartenEventStore"/>) driven through our store contract, in its own schema and pool.</summary>
internal sealed class MartenAdapterContender(BenchDatabase database, string schema) : EventStoreContender
{
    private readonly NpgsqlDataSource _dataSource = database.CreateDataSource("marten_adapter");

    public override string Name => "marten_adapter";

    protected override async Task<IEventStore> OpenStore(bool fresh, CancellationToken ct)
    {
        if (fresh) await database.DropSchema(schema);
        var store = new MartenEventStore(_dataSource, new MartenStoreOptions { Schema = schema });
        await store.Migrate(ct);
        return store;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
