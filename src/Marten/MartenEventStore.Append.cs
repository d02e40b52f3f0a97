using EventFramework.Serialization;
using EventFramework.Store;
using JasperFx.Events;
using Marten.Services;
using Npgsql;
using static EventFramework.Marten.MartenErrors;

namespace EventFramework;

public sealed partial class MartenEventStore
{
    /// <inheritdoc />
    public async Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        EventLimits.Validate(stream, events);
        await EnsureMigrated(ct).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Guard("append", () => AppendOnce(stream, expected, events, ct)).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < 3 && ex is not EventStoreException && IsRaceWithAnotherWriter(ex))
            {
                // Checked again under the stream lock, the append is then a retry, a clash or a wrong version.
            }
        }
    }

    /// <summary>
    /// A writer the stream lock does not cover got in between the check and the insert: an id stored in
    /// another stream (the unique index on the event id refused ours), or code appending through Marten
    /// directly (Marten's own version check or stream-start collision refused ours).
    /// </summary>
    private static bool IsRaceWithAnotherWriter(Exception ex) =>
        IsUniqueViolation(ex) || Find<JasperFx.ConcurrencyException>(ex) is not null || Find<global::Marten.Exceptions.ExistingStreamIdCollisionException>(ex) is not null;

    private async Task<AppendResult> AppendOnce(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var (current, deleted, stored) = await LockedState(connection, tx, stream, events.Select(e => e.EventId).ToArray(), ct).ConfigureAwait(false);
        if (deleted) throw new StreamDeletedException(stream);
        if (IdempotentAppend.Check(stream, expected, events, stored) is { } retry) return retry;
        if (!expected.IsSatisfiedBy(current)) throw new WrongExpectedVersionException(stream, expected, current);

        await using (var session = DocumentStore.LightweightSession(SessionOptions.ForTransaction(tx, shouldAutoCommit: false)))
        {
            var bodies = events.Select(e => ToMarten(session, e)).ToArray();
            if (current == -1) session.Events.StartStream(stream.Value, bodies);
            else session.Events.Append(stream.Value, current + 1 + events.Count, bodies); // Marten's expected version: the version after the append, from 1
            await session.SaveChangesAsync(ct).ConfigureAwait(false);
        }

        LogPosition position;
        await using (var cmd = new NpgsqlCommand(_sql.PositionOf, connection, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = events[^1].EventId });
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            position = new LogPosition(reader.GetFieldValue<ulong>(0), reader.GetInt64(1));
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        Changes.Notify();
        return new AppendResult(current + events.Count, position);
    }

    /// <summary>Takes the stream's lock, then reads its version, tombstone and where the given ids are stored: one round trip.</summary>
    private async Task<(long Current, bool Deleted, Dictionary<Guid, IdempotentAppend.StoredAt> Stored)> LockedState(
        NpgsqlConnection connection, NpgsqlTransaction tx, StreamName stream, Guid[] ids, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, tx);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.LockStream) { Parameters = { new NpgsqlParameter<string> { TypedValue = stream.Value } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.StreamState) { Parameters = { new NpgsqlParameter<string> { TypedValue = stream.Value } } });
        if (ids.Length > 0)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.StoredIds) { Parameters = { new NpgsqlParameter<Guid[]> { TypedValue = ids } } });
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.NextResultAsync(ct).ConfigureAwait(false);
        var (current, deleted) = await reader.ReadAsync(ct).ConfigureAwait(false) ? (reader.GetInt64(0), reader.GetBoolean(1)) : (-1L, false);
        var stored = new Dictionary<Guid, IdempotentAppend.StoredAt>();
        if (ids.Length > 0 && await reader.NextResultAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                stored[reader.GetGuid(0)] = new(reader.GetString(1), reader.GetInt64(2), new LogPosition(reader.GetFieldValue<ulong>(3), reader.GetInt64(4)));
        }
        return (current, deleted, stored);
    }

    private static IEvent ToMarten(global::Marten.IDocumentSession session, EventData e)
    {
        var body = new MartenEventBody
        {
            Type = e.EventType,
            Data = System.Text.Encoding.UTF8.GetString(e.Data),
            Metadata = System.Text.Encoding.UTF8.GetString(EventMetadataJson.Write(e.Metadata)),
        };
        var built = session.Events.BuildEvent(body);
        built.Id = e.EventId;
        return built;
    }
}
