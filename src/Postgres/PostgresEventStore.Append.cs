using System.Diagnostics;
using System.Text;
using EventFramework.Diagnostics;
using EventFramework.Store;
using Npgsql;
using NpgsqlTypes;
using static EventFramework.Postgres.PostgresErrors;
using EventFramework.Postgres;

namespace EventFramework;

public sealed partial class PostgresEventStore
{
    private static readonly KeyValuePair<string, object?> BackendTag = new("backend", "postgres");

    /// <inheritdoc />
    public async Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        EventLimits.Validate(stream, events, Options.MaxEventBytes);
        await EnsureMigrated(ct).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        var result = await Guard("append", () => AppendAutocommit(stream, expected, events, ct)).ConfigureAwait(false);
        if (!result.AlreadyAppended)
        {
            Changes.Notify();
            EventFrameworkMetrics.EventsAppended.Add(events.Count, BackendTag);
        }
        EventFrameworkMetrics.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, BackendTag);
        return result;
    }

    /// <summary>
    /// Appends inside the caller's transaction (READ COMMITTED), so the events commit or roll back
    /// together with the caller's other writes: an outbox row, a read model, a command record.
    /// Live subscriptions are woken by NOTIFY when it commits. If the transaction already wrote
    /// before this append and a younger transaction appended to the same stream meanwhile, this
    /// throws a serialization failure (SQLSTATE 40001): roll back and retry the whole transaction,
    /// as for any serialization failure. Appending first in the transaction avoids it. A transaction
    /// appending to several streams should do so in stream-name order: two that take the same
    /// streams in opposite orders deadlock (40P01), which is retryable the same way.
    /// </summary>
    public async Task<AppendResult> Append(NpgsqlTransaction transaction, StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.IsolationLevel is not (System.Data.IsolationLevel.ReadCommitted or System.Data.IsolationLevel.Unspecified))
            throw new ArgumentException($"Appends need a READ COMMITTED transaction (this one is {transaction.IsolationLevel}): under a snapshot isolation the stream's version is read from before the stream lock.", nameof(transaction));
        EventLimits.Validate(stream, events, Options.MaxEventBytes);
        await EnsureMigrated(ct).ConfigureAwait(false);
        return await Guard("append", () => AppendOnce(stream, expected, events, transaction, ct)).ConfigureAwait(false);
    }

    private async Task<AppendResult> AppendAutocommit(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        // An autocommit append takes its transaction id only once it holds the stream, so the
        // ordering failure cannot happen here; retry anyway rather than surface it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AppendOnce(stream, expected, events, null, ct).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.SerializationFailure && attempt < 5)
            {
            }
        }
    }

    private async Task<AppendResult> AppendOnce(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        var n = events.Count;
        var ids = new Guid[n];
        var types = new string[n];
        var data = new string[n];
        var metadata = new string[n];
        for (var i = 0; i < n; i++)
        {
            var e = events[i];
            ids[i] = e.EventId;
            types[i] = e.EventType;
            data[i] = Encoding.UTF8.GetString(e.Data);
            metadata[i] = Encoding.UTF8.GetString(Serialization.EventMetadataJson.Write(e.Metadata));
        }

        // Prepared: Npgsql keeps prepared statements on pooled physical connections, so after the
        // first use per connection this skips parsing and planning on the server.
        await using var owned = transaction is null ? await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false) : null;
        await using var cmd = new NpgsqlCommand(_sql.Append, owned ?? transaction!.Connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected.Value });
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = metadata, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json });
        var notifies = Options.NotifyOnAppend && _notifyThrottle.Claim();
        cmd.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = notifies });

        Dictionary<Guid, IdempotentAppend.StoredAt>? stored = null;
        try
        {
            await cmd.PrepareAsync(ct).ConfigureAwait(false);
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var position = new LogPosition(reader.GetFieldValue<ulong>(2), reader.GetInt64(3));
                if (reader.GetChar(0) == 'a')
                {
                    // An append that did not carry the NOTIFY is covered by a trailing one, sent after it.
                    if (Options.NotifyOnAppend && !notifies) _notifyThrottle.ScheduleTrailing();
                    return new AppendResult(reader.GetInt64(1), position);
                }
                stored ??= [];
                stored[reader.GetGuid(4)] = new(reader.GetString(5), reader.GetInt64(1), position);
            }
        }
        catch (PostgresException ex) when (StreamError(ex, stream, expected) is { } error)
        {
            throw error;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == "events_event_id_key")
        {
            // Another transaction stored one of these ids concurrently (in another stream): report where,
            // after giving this connection back so the lookup cannot starve a small pool.
            if (owned is not null) await owned.DisposeAsync().ConfigureAwait(false);
            foreach (var id in ids)
                if (await FindEvent(id, ct).ConfigureAwait(false) is { } clash)
                    throw new DuplicateEventIdException(stream, id, clash.Stream.Value, clash.StreamPosition);
            throw;
        }

        return IdempotentAppend.Check(stream, expected, events, stored ?? [])
            ?? throw new InvalidOperationException("append_events returned no result row");
    }
}
