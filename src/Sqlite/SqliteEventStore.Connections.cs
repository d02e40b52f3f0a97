using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;
using EventFramework.Sqlite;

namespace EventFramework;

// Opening the file once (folder, WAL, migrations), pooled connections, write transactions and error mapping.
public sealed partial class SqliteEventStore
{
    /// <summary>The pragmas a connection of this store runs with (for tests and diagnostics).</summary>
    internal async Task<(string JournalMode, long Synchronous, long BusyTimeoutMs)> ReadConnectionSettings(CancellationToken ct = default)
    {
        await EnsureReady("read settings", ct).ConfigureAwait(false);
        using var connection = Open();
        using var query = connection.CreateCommand();
        query.CommandText = "PRAGMA journal_mode";
        var journalMode = (string)query.ExecuteScalar()!;
        query.CommandText = "PRAGMA synchronous";
        var synchronous = (long)query.ExecuteScalar()!;
        query.CommandText = "PRAGMA busy_timeout";
        return (journalMode, synchronous, (long)query.ExecuteScalar()!);
    }

    private ValueTask EnsureReady(string operation, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ct.ThrowIfCancellationRequested();
        return _ready ? ValueTask.CompletedTask : new ValueTask(Initialize(Options.AutoMigrate, operation, ct));
    }

    private async Task Initialize(bool migrate, string operation, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_ready && !migrate) return;
            if (System.IO.Path.GetDirectoryName(_file) is { Length: > 0 } folder)
                Directory.CreateDirectory(folder);
            using var connection = Open();
            using (var wal = connection.CreateCommand())
            {
                // Persistent in the file; a no-op once set. SQLite keeps the old mode where WAL
                // cannot work (a file system without shared memory), and the store must not run so.
                wal.CommandText = "PRAGMA journal_mode = WAL";
                if (wal.ExecuteScalar() is not "wal" and var mode)
                    throw new IOException($"SQLite could not switch '{_file}' to WAL mode (it stays in '{mode}'); is it on a network file system?");
            }
            if (migrate) SqliteSchema.Migrate(connection);
            else if (SqliteSchema.Missing(connection) is [_, ..] missing)
                throw new InvalidOperationException(
                    $"The SQLite file '{_file}' lacks schema scripts {string.Join(", ", missing)}: call Migrate() or turn AutoMigrate on.");
            _ready = true;
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

    /// <summary>A pooled connection with this store's per-connection pragmas applied.</summary>
    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _connectionPragmas;
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a <c>BEGIN IMMEDIATE</c> transaction (waiting up to the busy
    /// timeout for other processes' writers) and commits; any failure rolls everything back.
    /// </summary>
    private static T InWriteTransaction<T>(SqliteConnection connection, Func<SqliteConnection, T> work)
    {
        var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            var result = work(connection);
            transaction.Commit();
            return result;
        }
        catch
        {
            RollBackQuietly(transaction);
            throw;
        }
    }

    private static void RollBackQuietly(SqliteTransaction transaction)
    {
        try
        {
            transaction.Dispose();
        }
        catch (SqliteException)
        {
            // SQLite already rolled back (it does on some I/O errors); keep the original error.
        }
    }

    /// <summary>Failures of the file or the machine, as opposed to errors in what was asked.</summary>
    internal static bool IsInfrastructureFailure(Exception e) => e switch
    {
        SqliteException s => (s.SqliteErrorCode & 0xFF) is SQLITE_BUSY or SQLITE_LOCKED or SQLITE_NOMEM or SQLITE_READONLY
            or SQLITE_IOERR or SQLITE_CORRUPT or SQLITE_FULL or SQLITE_CANTOPEN or SQLITE_PROTOCOL or SQLITE_NOTADB or SQLITE_PERM,
        IOException or UnauthorizedAccessException => true,
        _ => false,
    };
}
