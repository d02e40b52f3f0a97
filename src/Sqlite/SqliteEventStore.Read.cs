using EventFramework.Serialization;
using Microsoft.Data.Sqlite;
using EventFramework.Sqlite;

namespace EventFramework;

public sealed partial class SqliteEventStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<RecordedEvent>> ReadStream(StreamName stream, long from, int maxCount, ReadDirection direction = ReadDirection.Forward, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        await EnsureReady("read stream", ct).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            using var query = connection.CreateCommand();
            query.CommandText = direction == ReadDirection.Forward ? SqliteStatements.ReadForward : SqliteStatements.ReadBackward;
            query.Parameters.AddWithValue("$stream", stream.Value);
            query.Parameters.AddWithValue("$from", from);
            query.Parameters.AddWithValue("$max", maxCount);
            var events = ReadEvents(query, stream);
            // A deleted stream has no events left, so only an empty page needs the tombstone check.
            if (events.Count == 0 && ReadStreamState(connection, stream).Deleted) throw new StreamDeletedException(stream);
            return events;
        }
        catch (Exception e) when (IsInfrastructureFailure(e))
        {
            throw new EventStoreUnavailableException(StoreName, "read stream", e);
        }
    }

    /// <inheritdoc />
    public async Task<long> GetStreamVersion(StreamName stream, CancellationToken ct = default)
    {
        await EnsureReady("get stream version", ct).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            var (version, deleted) = ReadStreamState(connection, stream);
            return deleted ? throw new StreamDeletedException(stream) : version;
        }
        catch (Exception e) when (IsInfrastructureFailure(e))
        {
            throw new EventStoreUnavailableException(StoreName, "get stream version", e);
        }
    }

    /// <inheritdoc />
    public async Task<RecordedEvent?> FindEvent(Guid eventId, CancellationToken ct = default)
    {
        await EnsureReady("find event", ct).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            using var query = connection.CreateCommand();
            query.CommandText = SqliteStatements.FindEvent;
            query.Parameters.Add("$id", SqliteType.Blob).Value = ToBytes(eventId);
            return ReadEvents(query, knownStream: null) is [var found] ? found : null;
        }
        catch (Exception e) when (IsInfrastructureFailure(e))
        {
            throw new EventStoreUnavailableException(StoreName, "find event", e);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RecordedEvent>> ReadAll(LogPosition after, int maxCount, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        await EnsureReady("read all", ct).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            using var query = connection.CreateCommand();
            query.CommandText = SqliteStatements.ReadAll;
            query.Parameters.AddWithValue("$after", after.Sequence);
            query.Parameters.AddWithValue("$max", maxCount);
            return ReadEvents(query, knownStream: null);
        }
        catch (Exception e) when (IsInfrastructureFailure(e))
        {
            throw new EventStoreUnavailableException(StoreName, "read all", e);
        }
    }

    /// <inheritdoc />
    public async Task<long> CountAfter(LogPosition after, CancellationToken ct = default)
    {
        await EnsureReady("count events", ct).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            using var query = connection.CreateCommand();
            query.CommandText = SqliteStatements.CountAfter;
            query.Parameters.AddWithValue("$after", after.Sequence);
            return (long)query.ExecuteScalar()!;
        }
        catch (Exception e) when (IsInfrastructureFailure(e))
        {
            throw new EventStoreUnavailableException(StoreName, "count events", e);
        }
    }

    /// <summary>The stream's version (-1 when it has no row) and whether it is tombstoned.</summary>
    private static (long Version, bool Deleted) ReadStreamState(SqliteConnection connection, StreamName stream)
    {
        using var query = connection.CreateCommand();
        query.CommandText = SqliteStatements.StreamState;
        query.Parameters.AddWithValue("$stream", stream.Value);
        using var reader = query.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1) != 0) : (-1, false);
    }

    /// <summary>Reads rows of <see cref="SqliteStatements"/>' event columns.</summary>
    private static List<RecordedEvent> ReadEvents(SqliteCommand query, StreamName? knownStream)
    {
        var events = new List<RecordedEvent>();
        using var reader = query.ExecuteReader();
        StreamName? last = knownStream;
        while (reader.Read())
        {
            // Rows of one stream come in runs: validate each name once per run, not once per row.
            var name = reader.GetString(1);
            var stream = last is { } l && l.Value == name ? l : new StreamName(name);
            last = stream;
            events.Add(new RecordedEvent(
                ReadId(reader, 0),
                stream,
                reader.GetInt64(2),
                new LogPosition(0, reader.GetInt64(3)),
                reader.GetString(4),
                reader.GetFieldValue<byte[]>(5),
                EventMetadataJson.Read(reader.GetFieldValue<byte[]>(6)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7))));
        }
        return events;
    }

    /// <summary>Event ids are stored as their 16 bytes in RFC order (time-ordered for version-7 ids).</summary>
    internal static byte[] ToBytes(Guid id) => id.ToByteArray(bigEndian: true);

    internal static Guid ReadId(SqliteDataReader reader, int ordinal) => new(reader.GetFieldValue<byte[]>(ordinal), bigEndian: true);
}
