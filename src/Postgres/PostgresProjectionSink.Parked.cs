using Npgsql;
using static EventFramework.Postgres.PostgresErrors;
using EventFramework.Postgres;

namespace EventFramework;

public sealed partial class PostgresProjectionSink
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ParkedEvent>> LoadParked(string projection, CancellationToken ct = default) => Guard("load parked events", async () =>
    {
        await using var cmd = _dataSource.CreateCommand(_sql.LoadParked);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = projection });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var parked = new List<ParkedEvent>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            parked.Add(new ParkedEvent(
                reader.GetString(0),
                reader.GetGuid(1),
                reader.GetString(2),
                reader.GetInt64(3),
                new LogPosition(reader.GetFieldValue<ulong>(4), reader.GetInt64(5)),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetGuid(9)));
        }
        return (IReadOnlyList<ParkedEvent>)parked;
    });

    /// <summary>
    /// In one transaction: removes the parked event (first, so a concurrent replay of the same
    /// event waits, then finds it gone and runs nothing), then runs <paramref name="apply"/>.
    /// False when it was already gone.
    /// </summary>
    public Task<bool> Unpark(string projection, Guid eventId, Func<PostgresProjectionContext, CancellationToken, Task> apply, CancellationToken ct = default) =>
        InTransaction("unpark",
            claim: async tx =>
            {
                await using var cmd = new NpgsqlCommand(_sql.Unpark, tx.Connection, tx);
                cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = projection });
                cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
                return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            apply,
            record: tx => Park(tx, [], ct),
            ct);

    /// <summary>Stores the parked events in one statement (none is fine: the statement still checks the transaction).</summary>
    private async Task Park(NpgsqlTransaction tx, IReadOnlyList<ParkedEvent> park, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(_sql.Park, tx.Connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. park.Select(p => p.Projection)] });
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. park.Select(p => p.EventId)] });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. park.Select(p => p.Stream)] });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. park.Select(p => p.StreamPosition)] });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. park.Select(p => PositionParameters.Commit(p.Position))] });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. park.Select(p => p.Position.Sequence)] });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. park.Select(p => p.EventType)] });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. park.Select(p => p.Error)] });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. park.Select(p => p.ParkedAt.ToUniversalTime())] });
        cmd.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = [.. park.Select(p => p.BlockedBy)] });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
