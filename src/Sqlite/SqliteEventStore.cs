using System.Globalization;
using EventFramework.Subscriptions;
using Microsoft.Data.Sqlite;
using EventFramework.Sqlite;

namespace EventFramework;

/// <summary>
/// The embedded event store on one SQLite file: a file path is all the set-up it needs. WAL mode,
/// one writer at a time (a lock in process, <c>BEGIN IMMEDIATE</c> across processes), so global
/// positions follow commit order and ReadAll never skips. Live subscriptions are woken by appends
/// made through this instance and poll for appends made elsewhere.
/// </summary>
public sealed partial class SqliteEventStore : IEventStore, IOutboxAppender, ILogStatistics, IAsyncDisposable
{
    internal const string StoreName = "SQLite";

    private readonly string _connectionString;
    private readonly string _file;
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
        _file = System.IO.Path.GetFullPath(options.Path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY itself for this many whole seconds (0 = forever);
            // SQLite's busy_timeout below does the precise waiting.
            DefaultTimeout = (int)Math.Clamp(options.BusyTimeout.TotalSeconds, 1, int.MaxValue),
        }.ToString();
        _connectionPragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)Math.Min(int.MaxValue, options.BusyTimeout.TotalMilliseconds)}; PRAGMA synchronous = {(options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")};");
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
}
