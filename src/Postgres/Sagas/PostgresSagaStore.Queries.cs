using EventFramework.Postgres.Sagas;
using Npgsql;
using static EventFramework.Postgres.PostgresErrors;

namespace EventFramework;

public sealed partial class PostgresSagaStore : ISagaQueries
{
    /// <inheritdoc />
    public Task<IReadOnlyList<SagaRecord>> List(string? sagaType = null, SagaStatus? status = null, int limit = 100, CancellationToken ct = default) =>
        Query("list sagas", Sql.List, PostgresSagaRows.Saga, ct, (object?)sagaType ?? DBNull.Value, (object?)status?.ToString() ?? DBNull.Value, limit);

    /// <inheritdoc />
    public Task<IReadOnlyList<SagaRecord>> Find(string sagaId, CancellationToken ct = default) =>
        Query("find saga", Sql.Find, PostgresSagaRows.Saga, ct, sagaId);

    /// <inheritdoc />
    public Task<IReadOnlyList<SagaHistoryEntry>> History(string sagaType, string sagaId, CancellationToken ct = default) =>
        Query("load saga history", Sql.LoadHistory, r => new SagaHistoryEntry(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetGuid(4),
            Enum.Parse<SagaStatus>(r.GetString(5)), r.GetFieldValue<DateTimeOffset>(6)), ct, sagaType, sagaId);

    /// <inheritdoc />
    public Task<IReadOnlyList<DueTimeout>> Timeouts(string sagaType, string sagaId, CancellationToken ct = default) =>
        Query("load saga timeouts", Sql.Timeouts, PostgresSagaRows.Timeout, ct, sagaType, sagaId);

    /// <inheritdoc />
    public Task<IReadOnlyList<SagaRecord>> Stuck(TimeSpan idleFor, int limit = 100, CancellationToken ct = default) =>
        Query("find stuck sagas", Sql.Stuck, PostgresSagaRows.Saga, ct, idleFor.TotalMilliseconds, limit);

    private Task<IReadOnlyList<T>> Query<T>(string operation, string sql, Func<NpgsqlDataReader, T> read, CancellationToken ct, params object[] values) => Guard(operation, async () =>
    {
        await using var cmd = _dataSource.CreateCommand(sql);
        foreach (var value in values) cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) rows.Add(read(reader));
        return (IReadOnlyList<T>)rows;
    });
}
