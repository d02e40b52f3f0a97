using Npgsql;
using static EventFramework.Postgres.PostgresErrors;
using EventFramework.Postgres;

namespace EventFramework;

public sealed partial class PostgresProjectionSink
{
    /// <summary>Every stored checkpoint, by key: for status listings.</summary>
    public Task<IReadOnlyList<(string Key, LogPosition Position, DateTimeOffset Updated)>> ListCheckpoints(CancellationToken ct = default) => Guard("list checkpoints", async () =>
    {
        await using var cmd = _dataSource.CreateCommand(_sql.ListCheckpoints);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var checkpoints = new List<(string, LogPosition, DateTimeOffset)>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            checkpoints.Add((reader.GetString(0), new LogPosition(reader.GetFieldValue<ulong>(1), reader.GetInt64(2)), reader.GetFieldValue<DateTimeOffset>(3)));
        return (IReadOnlyList<(string Key, LogPosition Position, DateTimeOffset Updated)>)checkpoints;
    });

    /// <summary>
    /// Removes the checkpoint <paramref name="projectionOrKey"/> and, for a projection key, those
    /// of its partitions ("name@vN/p-of-n") and its parked events (they will be met again), so the
    /// projection starts over from the beginning of the log. Its read model is left as it is (see
    /// <see cref="Reset"/> to clear it in the same transaction). Returns how many checkpoints were removed.
    /// </summary>
    public Task<int> ResetCheckpoint(string projectionOrKey, CancellationToken ct = default) => Guard("reset checkpoint", async () =>
    {
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.ResetCheckpoint) { Parameters = { new NpgsqlParameter<string> { TypedValue = projectionOrKey } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.DeleteParkedOfProjection) { Parameters = { new NpgsqlParameter<string> { TypedValue = projectionOrKey } } });
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return batch.BatchCommands[0].RecordsAffected;
    });
}
