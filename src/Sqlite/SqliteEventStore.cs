using System.Globalization;
using EventFramework.Subscriptions;
using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;

namespace EventFramework.Sqlite;

/// <summary>
/// The embedded event store on one SQLite file: a file path is all the set-up it needs. WAL mode,
/// one writer at a time (a lock in process, <c>BEGIN IMMEDIATE</c> across processes), so global
/// positions follow commit order and ReadAll never skips. Live subscriptions are woken by appends
/// made through this instance and poll for appends made elsewhere.
/// </summary>
public sealed partial class SqliteEventStore : IEventStore, IAsyncDisposable
{
    private const string StoreName = "SQLite";

    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile bool _ready;
    private volatile bool _disposed;

    /// <summary>Creates a store on <see cref="SqliteStoreOptions.Path"/>; nothing is touched until first use.</summary>
    public SqliteEventStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        if (options.Path.Trim() == ":memory:")
            throw new ArgumentException("An in-memory SQLite database does not outlive its connection; use InMemoryEventStore instead.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxEventBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero);

        Options = options;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = System.IO.Path.GetFullPath(options.Path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY itself for this many whole seconds (0 = forever);
            // SQLite's busy_timeout below does the precise waiting.
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        }.ToString();
        _connectionPragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {(options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")};");
    }

    /// <summary>Creates a store on the file at <paramref name="path"/> with the default options.</summary>
    public SqliteEventStore(string path) : this(new SqliteStoreOptions { Path = path }) { }

    /// <summary>The options in force.</summary>
    public SqliteStoreOptions Options { get; }

    /// <summary>Signals every append made through this instance; subscriptions wait on it.</summary>
    public ChangeSignal Changes { get; } = new();

    /// <summary>
    /// Switches the file to WAL mode and applies the schema scripts not applied yet. Idempotent
    /// and safe to run from several processes at once; runs by itself on first use when
    /// <see cref="SqliteStoreOptions.AutoMigrate"/> is on.
    /// </summary>
    public Task Migrate(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Initialize(migrate: true, "migrate", ct);
    }

    /// <inheritdoc />
    public EventSubscription SubscribeToAll(LogPosition after, SubscriptionOptions? options = null) =>
        CatchUpSubscriptions.All(this, Changes, after, options);

    /// <inheritdoc />
    public EventSubscription SubscribeToStream(StreamName stream, long from, SubscriptionOptions? options = null) =>
        CatchUpSubscriptions.Stream(this, Changes, stream, from, options);

    /// <summary>Waits for a running write, then closes the idle pooled connections (releasing the file).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
        finally
        {
            _writeLock.Release();
        }
    }

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
            if (System.IO.Path.GetDirectoryName(new SqliteConnectionStringBuilder(_connectionString).DataSource) is { Length: > 0 } folder)
                Directory.CreateDirectory(folder);
            using var connection = Open();
            using (var wal = connection.CreateCommand())
            {
                // Persistent in the file; a no-op once set.
                wal.CommandText = "PRAGMA journal_mode = WAL";
                wal.ExecuteNonQuery();
            }
            if (migrate) SqliteSchema.Migrate(connection);
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
            try
            {
                transaction.Dispose();
            }
            catch (SqliteException)
            {
                // SQLite already rolled back (it does on some I/O errors); keep the original error.
            }
            throw;
        }
    }

    /// <summary>Failures of the file or the machine, as opposed to errors in what was asked.</summary>
    private static bool IsInfrastructureFailure(Exception e) => e switch
    {
        SqliteException s => (s.SqliteErrorCode & 0xFF) is SQLITE_BUSY or SQLITE_LOCKED or SQLITE_NOMEM or SQLITE_READONLY
            or SQLITE_IOERR or SQLITE_CORRUPT or SQLITE_FULL or SQLITE_CANTOPEN or SQLITE_PROTOCOL or SQLITE_NOTADB or SQLITE_PERM,
        IOException or UnauthorizedAccessException => true,
        _ => false,
    };
}
