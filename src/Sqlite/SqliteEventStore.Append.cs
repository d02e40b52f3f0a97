using System.Diagnostics;
using EventFramework.Diagnostics;
using EventFramework.Serialization;
using EventFramework.Store;
using Microsoft.Data.Sqlite;
using EventFramework.Sqlite;

namespace EventFramework;

public sealed partial class SqliteEventStore
{
    private static readonly KeyValuePair<string, object?> BackendTag = new("backend", "sqlite");

    /// <inheritdoc />
    public Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct = default) =>
        Append(stream, expected, events, [], ct);

    /// <inheritdoc />
    public async Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        EventLimits.Validate(stream, events, Options.MaxEventBytes);
        await EnsureReady("append", ct).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        AppendResult result;
        try
        {
            using var connection = Open();
            result = InWriteTransaction(connection, c =>
            {
                var appended = AppendInTransaction(c, stream, expected, events);
                if (!appended.AlreadyAppended) SqliteOutbox.Write(c, messages);
                return appended;
            });
        }
        catch (Exception e) when (IsInfrastructureFailure(e))
        {
            throw new EventStoreUnavailableException(StoreName, "append", e);
        }
        finally
        {
            _writeLock.Release();
        }
        if (result.AlreadyAppended) return result;

        Changes.Notify();
        EventFrameworkMetrics.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, BackendTag);
        EventFrameworkMetrics.EventsAppended.Add(events.Count, BackendTag);
        return result;
    }

    internal static AppendResult AppendInTransaction(SqliteConnection connection, StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events)
    {
        var (version, deleted) = ReadStreamState(connection, stream);
        if (deleted) throw new StreamDeletedException(stream);
        if (IdempotentAppend.Check(stream, expected, events, FindStored(connection, events)) is { } retry) return retry;
        if (!expected.IsSatisfiedBy(version)) throw new WrongExpectedVersionException(stream, expected, version);

        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = SqliteStatements.InsertEvent;
            var id = insert.Parameters.Add("$id", SqliteType.Blob);
            insert.Parameters.Add("$stream", SqliteType.Text).Value = stream.Value;
            var position = insert.Parameters.Add("$position", SqliteType.Integer);
            var type = insert.Parameters.Add("$type", SqliteType.Text);
            var data = insert.Parameters.Add("$data", SqliteType.Blob);
            var metadata = insert.Parameters.Add("$metadata", SqliteType.Blob);
            insert.Parameters.Add("$created", SqliteType.Integer).Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            insert.Prepare();
            EventMetadata? lastMetadata = null;
            foreach (var e in events)
            {
                id.Value = ToBytes(e.EventId);
                position.Value = ++version;
                type.Value = e.EventType;
                data.Value = e.Data;
                // The events of one command usually share one metadata instance: serialize it once.
                if (!ReferenceEquals(e.Metadata, lastMetadata)) (lastMetadata, metadata.Value) = (e.Metadata, EventMetadataJson.Write(e.Metadata));
                insert.ExecuteNonQuery();
            }
        }

        long last;
        using (var lastPosition = connection.CreateCommand())
        {
            lastPosition.CommandText = SqliteStatements.LastInsertedPosition;
            last = (long)lastPosition.ExecuteScalar()!;
        }
        using (var setVersion = connection.CreateCommand())
        {
            setVersion.CommandText = SqliteStatements.SetVersion;
            setVersion.Parameters.AddWithValue("$stream", stream.Value);
            setVersion.Parameters.AddWithValue("$version", version);
            setVersion.ExecuteNonQuery();
        }
        return new AppendResult(version, new LogPosition(0, last));
    }

    /// <summary>Where any of the appended ids is already stored, looked up in a few IN lists.</summary>
    private static Dictionary<Guid, IdempotentAppend.StoredAt> FindStored(SqliteConnection connection, IReadOnlyList<EventData> events)
    {
        var stored = new Dictionary<Guid, IdempotentAppend.StoredAt>();
        for (var start = 0; start < events.Count; start += SqliteStatements.MaxIdsPerLookup)
        {
            var count = Math.Min(SqliteStatements.MaxIdsPerLookup, events.Count - start);
            using var lookup = connection.CreateCommand();
            lookup.CommandText = SqliteStatements.StoredIds(count);
            for (var i = 0; i < count; i++)
                lookup.Parameters.Add(SqliteStatements.IdParameter(i), SqliteType.Blob).Value = ToBytes(events[start + i].EventId);
            using var reader = lookup.ExecuteReader();
            while (reader.Read())
                stored[ReadId(reader, 0)] = new(reader.GetString(1), reader.GetInt64(2), new LogPosition(0, reader.GetInt64(3)));
        }
        return stored;
    }
}
