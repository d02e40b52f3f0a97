using Microsoft.Data.Sqlite;
using EventFramework.Sqlite;

namespace EventFramework;

// The file is shared with the adapter's other tables (projection read models, checkpoints,
// leases): their writers take turns with appends through the same lock and BEGIN IMMEDIATE.
public sealed partial class SqliteEventStore
{
    /// <summary>
    /// Runs <paramref name="work"/> in a <c>BEGIN IMMEDIATE</c> transaction under this store's write
    /// lock: it commits when <paramref name="work"/> returns true and rolls back when it returns
    /// false or throws. Failures of the file become <see cref="EventStoreUnavailableException"/>;
    /// anything else <paramref name="work"/> throws propagates as it is. Do not call back into this
    /// store's writes from <paramref name="work"/>: the lock is not reentrant.
    /// </summary>
    internal async Task<bool> Write(string operation, Func<SqliteTransaction, CancellationToken, Task<bool>> work, CancellationToken ct)
    {
        await EnsureReady(operation, ct).ConfigureAwait(false);
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            var transaction = connection.BeginTransaction(deferred: false);
            try
            {
                if (!await work(transaction, ct).ConfigureAwait(false))
                {
                    RollBackQuietly(transaction);
                    return false;
                }
                transaction.Commit();
                return true;
            }
            catch
            {
                RollBackQuietly(transaction);
                throw;
            }
        }
        catch (Exception e) when (IsInfrastructureFailure(e))
        {
            throw new EventStoreUnavailableException(StoreName, operation, e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Starts a write transaction held until the session is disposed, under this store's write lock
    /// (appends wait meanwhile): keep it short. Failures of the file become <see cref="EventStoreUnavailableException"/>.
    /// </summary>
    internal async Task<SqliteWriteSession> BeginWrite(string operation, CancellationToken ct)
    {
        await EnsureReady(operation, ct).ConfigureAwait(false);
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        SqliteConnection? connection = null;
        try
        {
            connection = Open();
            return new SqliteWriteSession(connection, connection.BeginTransaction(deferred: false), _writeLock);
        }
        catch (Exception e)
        {
            connection?.Dispose();
            _writeLock.Release();
            if (IsInfrastructureFailure(e)) throw new EventStoreUnavailableException(StoreName, operation, e);
            throw;
        }
    }

    /// <summary>Runs <paramref name="read"/> on a pooled connection of this store (WAL: it waits for no writer).</summary>
    internal async Task<T> Read<T>(string operation, Func<SqliteConnection, T> read, CancellationToken ct)
    {
        await EnsureReady(operation, ct).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            return read(connection);
        }
        catch (Exception e) when (IsInfrastructureFailure(e))
        {
            throw new EventStoreUnavailableException(StoreName, operation, e);
        }
    }
}
