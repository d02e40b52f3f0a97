using System.Data.Common;
using Npgsql;

namespace EventFramework.Samples.Bank.Hosting;

/// <summary>The bank in one PostgreSQL schema: events, outbox, sagas and read models side by side.</summary>
public sealed class PostgresBankBackend : BankBackend
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresEventStore _store;
    private readonly ProjectionCatalog<PostgresProjectionContext> _catalog;
    private readonly PostgresSagaStore _sagas;
    private readonly string _schema;

    public PostgresBankBackend(string connectionString, EventSerializer serializer, string schema = "bank")
    {
        _schema = schema;
        // Read models live in the store's schema too: the search path makes their unqualified names resolve there.
        _dataSource = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ToString()).Build();
        _store = new PostgresEventStore(_dataSource, new PostgresStoreOptions { Schema = schema });
        _sagas = new PostgresSagaStore(_dataSource, schema);
        _catalog = Catalog(_store, new PostgresProjectionSink(_dataSource, schema), serializer);
        Queries = new BankQueries(async ct => await _dataSource.OpenConnectionAsync(ct));
        Description = $"PostgreSQL {new NpgsqlConnectionStringBuilder(connectionString).Database}@{new NpgsqlConnectionStringBuilder(connectionString).Host}, schema {schema}";
    }

    public override string Description { get; }
    public override IEventStore Store => _store;
    public override IOutboxStore Outbox => _store.Outbox;
    public override ISagaStore Sagas => _sagas;
    public override ISagaQueries SagaQueries => _sagas;
    public override IProjectionCatalog Projections => _catalog;
    public override BankQueries Queries { get; }
    public override ChangeSignal Changes => _store.Changes;

    public override async Task Prepare(CancellationToken ct)
    {
        await _store.Migrate(ct);
        foreach (var table in ReadModelTables)
        {
            await using var create = _dataSource.CreateCommand(table);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    public override Task RunProjections(CancellationToken ct) => _catalog.RunAll(ct: ct);

    public override async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    /// <summary>Drops the bank's schema (loadgen starts from a clean slate).</summary>
    public async Task DropSchema(CancellationToken ct)
    {
        await using var drop = _dataSource.CreateCommand($"drop schema if exists {_schema} cascade");
        await drop.ExecuteNonQueryAsync(ct);
    }
}
