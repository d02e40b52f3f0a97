using Microsoft.Data.Sqlite;

namespace EventFramework.Sqlite;

/// <summary>
/// A write transaction (<c>BEGIN IMMEDIATE</c>) held across several calls, under the store's write
/// lock, for callers that cannot do their work in one callback (the saga store's transaction
/// object). Disposing without <see cref="Commit"/> rolls back; either way the lock is released.
/// </summary>
internal sealed class SqliteWriteSession : IDisposable
{
    private readonly SemaphoreSlim _writeLock;
    private bool _disposed;

    public SqliteWriteSession(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim writeLock)
    {
        Connection = connection;
        Transaction = transaction;
        _writeLock = writeLock;
    }

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction { get; }

    public void Commit() => Transaction.Commit();

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            Transaction.Dispose();
        }
        catch (SqliteException)
        {
            // Already rolled back by SQLite (some I/O errors do); nothing left to undo.
        }
        finally
        {
            Connection.Dispose();
            _writeLock.Release();
        }
    }
}
