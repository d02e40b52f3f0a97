using Npgsql;
using static EventFramework.Postgres.PostgresErrors;

namespace EventFramework.Postgres;

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
    /// Removes the checkpoint <paramref name="projectionOrKey"/> and, for a projection name, those
    /// of its partitions ("name/p-of-n"), so the projection starts over from the beginning of the
    /// log. Its read model and parked events are left as they are; stop its runners first.
    /// Returns how many checkpoints were removed.
    /// </summary>
    public Task<int> ResetCheckpoint(string projectionOrKey, CancellationToken ct = default) => Guard("reset checkpoint", async () =>
    {
        await using var cmd = _dataSource.CreateCommand(_sql.ResetCheckpoint);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = projectionOrKey });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    });
}
