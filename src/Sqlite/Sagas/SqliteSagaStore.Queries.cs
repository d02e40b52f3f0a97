using EventFramework.Sqlite.Sagas;
using Microsoft.Data.Sqlite;
using Sql = EventFramework.Sqlite.Sagas.SqliteSagaStatements;
using Statements = EventFramework.Sqlite.SqliteProjectionStatements;

namespace EventFramework;

public sealed partial class SqliteSagaStore : ISagaQueries
{
    /// <inheritdoc />
    public Task<IReadOnlyList<SagaRecord>> List(string? sagaType = null, SagaStatus? status = null, int limit = 100, CancellationToken ct = default) =>
        Query("list sagas", Sql.List, SqliteSagaRows.Saga, ct, ("$type", sagaType), ("$status", status?.ToString()), ("$limit", limit));

    /// <inheritdoc />
    public Task<IReadOnlyList<SagaRecord>> Find(string sagaId, CancellationToken ct = default) =>
        Query("find saga", Sql.Find, SqliteSagaRows.Saga, ct, ("$id", sagaId));

    /// <inheritdoc />
    public Task<IReadOnlyList<SagaHistoryEntry>> History(string sagaType, string sagaId, CancellationToken ct = default) =>
        Query("load saga history", Sql.LoadHistory, r => new SagaHistoryEntry(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), SqliteEventStore.ReadId(r, 4),
            Enum.Parse<SagaStatus>(r.GetString(5)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6))), ct, ("$type", sagaType), ("$id", sagaId));

    /// <inheritdoc />
    public Task<IReadOnlyList<DueTimeout>> Timeouts(string sagaType, string sagaId, CancellationToken ct = default) =>
        Query("load saga timeouts", Sql.Timeouts, SqliteSagaRows.Timeout, ct, ("$type", sagaType), ("$id", sagaId));

    /// <inheritdoc />
    public Task<IReadOnlyList<SagaRecord>> Stuck(TimeSpan idleFor, int limit = 100, CancellationToken ct = default) =>
        Query("find stuck sagas", Sql.Stuck, SqliteSagaRows.Saga, ct, ("$cutoff", (Clock() - idleFor).ToUnixTimeMilliseconds()), ("$limit", limit));

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
