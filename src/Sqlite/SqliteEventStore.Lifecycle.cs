using Microsoft.Data.Sqlite;
using EventFramework.Sqlite;

namespace EventFramework;

public sealed partial class SqliteEventStore
{
    /// <inheritdoc />
    public async Task DeleteStream(StreamName stream, ExpectedVersion expected, CancellationToken ct = default)
    {
        await EnsureReady("delete stream", ct).ConfigureAwait(false);
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            InWriteTransaction(connection, c =>
            {
                var (version, deleted) = ReadStreamState(c, stream);
                if (deleted) throw new StreamDeletedException(stream);
                if (!expected.IsSatisfiedBy(version)) throw new WrongExpectedVersionException(stream, expected, version);
                Execute(c, SqliteStatements.DeleteEvents, stream);
                Execute(c, SqliteStatements.Tombstone, stream);
                return true;
            });
        }
        catch (Exception e) when (IsInfrastructureFailure(e))
        {
            throw new EventStoreUnavailableException(StoreName, "delete stream", e);
        }
        finally
        {
            _writeLock.Release();
        }
        // Wakes stream subscribers so they see the tombstone now rather than at their next poll.
        Changes.Notify();
    }

    /// <inheritdoc />
    public async Task TruncateStream(StreamName stream, long before, CancellationToken ct = default)
    {
        await EnsureReady("truncate stream", ct).ConfigureAwait(false);
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            InWriteTransaction(connection, c =>
            {
                if (ReadStreamState(c, stream).Deleted) throw new StreamDeletedException(stream);
                Execute(c, SqliteStatements.TruncateEvents, stream, ("$before", before));
                return true;
            });
        }
        catch (Exception e) when (IsInfrastructureFailure(e))
        {
            throw new EventStoreUnavailableException(StoreName, "truncate stream", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void Execute(SqliteConnection connection, string sql, StreamName stream, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$stream", stream.Value);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }
}
