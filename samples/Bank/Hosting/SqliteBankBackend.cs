using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace EventFramework.Samples.Bank.Hosting;

/// <summary>The bank in one SQLite file: events, outbox, sagas and read models side by side.</summary>
public sealed class SqliteBankBackend : BankBackend
{
    private readonly string _path;
    private readonly SqliteEventStore _store;
    private readonly ProjectionCatalog<SqliteProjectionContext> _catalog;
    private readonly SqliteSagaStore _sagas;

    public SqliteBankBackend(string path, EventSerializer serializer)
    {
        _path = path;
        _store = new SqliteEventStore(path);
        Outbox = new SqliteOutbox(_store);
        _sagas = new SqliteSagaStore(_store);
        _catalog = Catalog(_store, new SqliteProjectionSink(_store), serializer);
        Queries = new BankQueries(Open);
    }

    public override string Description => $"SQLite file {_path}";
    public override IEventStore Store => _store;
    public override IOutboxStore Outbox { get; }
    public override ISagaStore Sagas => _sagas;
    public override ISagaQueries SagaQueries => _sagas;
    public override IProjectionCatalog Projections => _catalog;
    public override BankQueries Queries { get; }
    public override ChangeSignal Changes => _store.Changes;

    public override async Task Prepare(CancellationToken ct)
    {
        await _store.Migrate(ct);
        await using var connection = await Open(ct);
        foreach (var table in ReadModelTables)
        {
            await using var create = connection.CreateCommand();
            create.CommandText = table;
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    public override Task RunProjections(CancellationToken ct) => _catalog.RunAll(ct: ct);

    public override ValueTask DisposeAsync() => _store.DisposeAsync();

    private async Task<DbConnection> Open(CancellationToken ct)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync(ct);
        await using var wait = connection.CreateCommand();
        wait.CommandText = "PRAGMA busy_timeout = 30000";
        await wait.ExecuteNonQueryAsync(ct);
        return connection;
    }
}
