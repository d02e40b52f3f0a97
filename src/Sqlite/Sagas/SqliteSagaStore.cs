using Microsoft.Data.Sqlite;
using EventFramework.Sqlite.Sagas;
using Sql = EventFramework.Sqlite.Sagas.SqliteSagaStatements;
using Statements = EventFramework.Sqlite.SqliteProjectionStatements;

namespace EventFramework;

/// <summary>
/// Sagas in the event store's SQLite file, beside the outbox: a saga transaction is one write
/// transaction of the file, holding the sagas' state (optimistic version), the outbox messages,
/// timeouts, inbox entries and the engine's checkpoint. One writer at a time stands in for
/// PostgreSQL's <c>FOR UPDATE SKIP LOCKED</c>: a due timeout is claimed by the one transaction running.
/// Tables come with the store's migrations.
/// </summary>
public sealed class SqliteSagaStore : ISagaStore, ISagaQueries
{
    private readonly SqliteEventStore _store;

    /// <summary>A saga store in <paramref name="store"/>'s file.</summary>
    public SqliteSagaStore(SqliteEventStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <inheritdoc />
    public async Task<ISagaTransaction> Begin(CancellationToken ct = default) =>
        new SqliteSagaTransaction(await _store.BeginWrite("begin saga transaction", ct).ConfigureAwait(false), _store.Changes);

    /// <inheritdoc />
    public Task<LogPosition?> LoadCheckpoint(string key, CancellationToken ct = default) => _store.Read("load saga checkpoint", connection =>
    {
        using var query = Statements.Command(connection, Sql.LoadCheckpoint, ("$key", key));
        using var reader = query.ExecuteReader();
        return reader.Read() ? new LogPosition((ulong)reader.GetInt64(0), reader.GetInt64(1)) : (LogPosition?)null;
    }, ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<SagaRecord>> List(string? sagaType = null, SagaStatus? status = null, int limit = 100, CancellationToken ct = default) =>
        Query("list sagas", Sql.List, SqliteSagaRows.Saga, ct, ("$type", sagaType), ("$status", status?.ToString()), ("$limit", limit));

    /// <inheritdoc />
    public Task<IReadOnlyList<SagaRecord>> Find(string sagaId, CancellationToken ct = default) =>
        Query("find saga", Sql.Find, SqliteSagaRows.Saga, ct, ("$id", sagaId));

    /// <inheritdoc />
    public Task<IReadOnlyList<SagaHistoryEntry>> History(string sagaType, string sagaId, CancellationToken ct = default) =>
        Query("load saga history", Sql.LoadHistory, SqliteSagaRows.History, ct, ("$type", sagaType), ("$id", sagaId));

    /// <inheritdoc />
    public Task<IReadOnlyList<DueTimeout>> Timeouts(string sagaType, string sagaId, CancellationToken ct = default) =>
        Query("load saga timeouts", Sql.Timeouts, SqliteSagaRows.Timeout, ct, ("$type", sagaType), ("$id", sagaId));

    /// <inheritdoc />
    public Task<IReadOnlyList<SagaRecord>> Stuck(TimeSpan idleFor, int limit = 100, CancellationToken ct = default) =>
        Query("find stuck sagas", Sql.Stuck, SqliteSagaRows.Saga, ct, ("$since", (DateTimeOffset.UtcNow - idleFor).ToUnixTimeMilliseconds()), ("$limit", limit));

    private Task<IReadOnlyList<T>> Query<T>(string operation, string sql, Func<SqliteDataReader, T> read, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        _store.Read<IReadOnlyList<T>>(operation, connection =>
        {
            using var query = Statements.Command(connection, sql, parameters);
            using var reader = query.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(read(reader));
            return rows;
        }, ct);
}
