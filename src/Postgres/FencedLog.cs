using System.Text;
using EventFramework.Serialization;
using Npgsql;

namespace EventFramework.Postgres;

/// <summary>
/// The statements of an event table whose rows carry their writer's transaction id (xid8), read
/// behind the snapshot fence: ours (<c>events</c>) and the Marten adapter's (<c>mt_events</c>).
/// Every statement selects <paramref name="Columns"/> in the order <see cref="FencedLogReads"/> reads them:
/// id, stream, stream position, commit, sequence, type, data, metadata, created.
/// </summary>
internal sealed record FencedLogSql(string Columns, string StreamState, string ReadForward, string ReadBackward, string FindEvent)
{
    /// <summary>Builds the fenced statements over <paramref name="table"/> (aliased <c>e</c>) ordered by (<paramref name="commit"/>, <paramref name="sequence"/>).</summary>
    public FencedLogSql WithFence(string table, string commit, string sequence) => this with
    {
        ReadAll = $"""
            select {Columns} from {table} e
             where (e.{commit}, e.{sequence}) > ($1::text::xid8, $2)
               and e.{commit} < pg_snapshot_xmin(pg_current_snapshot())
             order by e.{commit}, e.{sequence}
             limit $3
            """,
        FenceHolder = $"""
            select a.pid, a.xact_start, coalesce(a.state, ''), coalesce(a.query, '')
              from pg_stat_activity a
             where a.backend_xid is not null
               and exists (select 1 from {table} e
                            where (e.{commit}, e.{sequence}) > ($1::text::xid8, $2)
                              and e.{commit} >= pg_snapshot_xmin(pg_current_snapshot()))
             order by age(a.backend_xid) desc
             limit 1
            """,
        CountAfter = $"select count(*) from {table} e where (e.{commit}, e.{sequence}) > ($1::text::xid8, $2) and e.{commit} < pg_snapshot_xmin(pg_current_snapshot())",
    };

    /// <summary>The gap-free page: only transactions older than every running one, in commit order.</summary>
    public string ReadAll { get; private init; } = "";

    /// <summary>The oldest running transaction, when committed events after the position wait behind it.</summary>
    public string FenceHolder { get; private init; } = "";

    public string CountAfter { get; private init; } = "";
}

/// <summary>
/// The reads both PostgreSQL event stores make through a <see cref="FencedLogSql"/>. Callers map errors
/// (each store has its own guard) and make sure the schema exists.
/// </summary>
internal sealed class FencedLogReads(NpgsqlDataSource dataSource, FencedLogSql sql)
{
    /// <summary>A page of a stream from <paramref name="from"/> (in the table's own numbering), in one round trip with the tombstone check.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadStream(StreamName stream, long from, int maxCount, ReadDirection direction, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(sql.StreamState) { Parameters = { new NpgsqlParameter<string> { TypedValue = stream.Value } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(direction == ReadDirection.Forward ? sql.ReadForward : sql.ReadBackward)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = stream.Value },
                new NpgsqlParameter<long> { TypedValue = from },
                new NpgsqlParameter<int> { TypedValue = maxCount },
            },
        });
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (await reader.ReadAsync(ct).ConfigureAwait(false) && reader.GetBoolean(1)) throw new StreamDeletedException(stream);
        await reader.NextResultAsync(ct).ConfigureAwait(false);
        return await ReadEvents(reader, maxCount, ct).ConfigureAwait(false);
    }

    /// <summary>The stream's version, -1 when it has none; <see cref="StreamDeletedException"/> for a tombstone.</summary>
    public async Task<long> StreamVersion(StreamName stream, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(sql.StreamState);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return -1L;
        return reader.GetBoolean(1) ? throw new StreamDeletedException(stream) : reader.GetInt64(0);
    }

    public async Task<RecordedEvent?> FindEvent(Guid eventId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(sql.FindEvent);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var found = await ReadEvents(reader, 1, ct).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadAll(LogPosition after, int maxCount, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(sql.ReadAll);
        PositionParameters.Add(cmd.Parameters, after);
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await ReadEvents(reader, maxCount, ct).ConfigureAwait(false);
    }

    public async Task<FenceHolder?> FindFenceHolder(LogPosition after, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(sql.FenceHolder);
        PositionParameters.Add(cmd.Parameters, after);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        return new FenceHolder(
            reader.GetInt32(0),
            reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetString(2),
            reader.GetString(3));
    }

    public async Task<long> CountAfter(LogPosition after, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(sql.CountAfter);
        PositionParameters.Add(cmd.Parameters, after);
        return (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <summary>Returns once every transaction that had started when it was called has ended: the fence has passed them.</summary>
    public async Task WaitForFence(CancellationToken ct)
    {
        await using var horizon = dataSource.CreateCommand("select pg_snapshot_xmax(pg_current_snapshot())::text");
        var xmax = (string)(await horizon.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        await using var check = dataSource.CreateCommand("select pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8");
        check.Parameters.Add(new NpgsqlParameter<string> { TypedValue = xmax });
        var delay = TimeSpan.FromMilliseconds(5);
        while (!(bool)(await check.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
        }
    }

    private static async Task<IReadOnlyList<RecordedEvent>> ReadEvents(NpgsqlDataReader reader, int capacity, CancellationToken ct)
    {
        var events = new List<RecordedEvent>(Math.Min(capacity, 4096));
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            events.Add(new RecordedEvent(
                reader.GetGuid(0),
                new StreamName(reader.GetString(1)),
                reader.GetInt64(2),
                new LogPosition(reader.GetFieldValue<ulong>(3), reader.GetInt64(4)),
                reader.GetString(5),
                Encoding.UTF8.GetBytes(reader.GetString(6)),
                EventMetadataJson.Read(reader.GetString(7)),
                reader.GetFieldValue<DateTimeOffset>(8)));
        }
        return events;
    }
}
