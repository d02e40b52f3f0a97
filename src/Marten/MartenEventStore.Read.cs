using System.Globalization;
using System.Text;
using EventFramework.Serialization;
using Npgsql;
using static EventFramework.Marten.MartenErrors;

namespace EventFramework;

public sealed partial class MartenEventStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<RecordedEvent>> ReadStream(StreamName stream, long from, int maxCount, ReadDirection direction = ReadDirection.Forward, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("read stream", async () =>
        {
            await using var batch = _dataSource.CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.StreamState) { Parameters = { new NpgsqlParameter<string> { TypedValue = stream.Value } } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(direction == ReadDirection.Forward ? _sql.ReadForward : _sql.ReadBackward)
            {
                Parameters =
                {
                    new NpgsqlParameter<string> { TypedValue = stream.Value },
                    new NpgsqlParameter<long> { TypedValue = from >= long.MaxValue - 1 ? long.MaxValue : Math.Max(from, -1) + 1 }, // Marten's versions start at 1
                    new NpgsqlParameter<int> { TypedValue = maxCount },
                },
            });
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (await reader.ReadAsync(ct).ConfigureAwait(false) && reader.GetBoolean(1)) throw new StreamDeletedException(stream);
            await reader.NextResultAsync(ct).ConfigureAwait(false);
            return await ReadEvents(reader, maxCount, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> GetStreamVersion(StreamName stream, CancellationToken ct = default)
    {
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("read stream version", async () =>
        {
            await using var cmd = _dataSource.CreateCommand(_sql.StreamState);
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return -1L;
            return reader.GetBoolean(1) ? throw new StreamDeletedException(stream) : reader.GetInt64(0);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RecordedEvent?> FindEvent(Guid eventId, CancellationToken ct = default)
    {
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("find event", async () =>
        {
            await using var cmd = _dataSource.CreateCommand(_sql.FindEvent);
            cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var found = await ReadEvents(reader, 1, ct).ConfigureAwait(false);
            return found.Count == 0 ? null : found[0];
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RecordedEvent>> ReadAll(LogPosition after, int maxCount, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("read all", async () =>
        {
            await using var cmd = _dataSource.CreateCommand(_sql.ReadAll);
            AddPosition(cmd.Parameters, after);
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await ReadEvents(reader, maxCount, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<FenceHolder?> FindFenceHolder(LogPosition after, CancellationToken ct = default)
    {
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("inspect read fence", async () =>
        {
            await using var cmd = _dataSource.CreateCommand(_sql.FenceHolder);
            AddPosition(cmd.Parameters, after);
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
            return new FenceHolder(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.GetString(3));
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> CountAfter(LogPosition after, CancellationToken ct = default)
    {
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("count events", async () =>
        {
            await using var cmd = _dataSource.CreateCommand(_sql.CountAfter);
            AddPosition(cmd.Parameters, after);
            return (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Returns once every transaction that had started when it was called has ended, so ReadAll shows
    /// every event committed before the call (read-your-writes for the global log).
    /// </summary>
    public async Task WaitForReadAll(CancellationToken ct = default)
    {
        await Guard("wait for read all", async () =>
        {
            await using var horizon = _dataSource.CreateCommand("select pg_snapshot_xmax(pg_current_snapshot())::text");
            var xmax = (string)(await horizon.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            await using var check = _dataSource.CreateCommand("select pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8");
            check.Parameters.Add(new NpgsqlParameter<string> { TypedValue = xmax });
            var delay = TimeSpan.FromMilliseconds(5);
            while (!(bool)(await check.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
            {
                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
            }
        }).ConfigureAwait(false);
    }

    /// <summary>A position as two parameters: the xid8 as text (cast in the statement), then the sequence.</summary>
    private static void AddPosition(NpgsqlParameterCollection parameters, LogPosition position)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = position.Commit.ToString(CultureInfo.InvariantCulture) });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = position.Sequence });
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
