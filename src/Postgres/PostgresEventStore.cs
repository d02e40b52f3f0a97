using EventFramework.Store;
using EventFramework.Subscriptions;
using Npgsql;
using static EventFramework.Postgres.PostgresErrors;
using EventFramework.Postgres;

namespace EventFramework;

/// <summary>
/// The production event store on PostgreSQL. ReadAll is gap-free: each event carries its
/// writer's transaction id (xid8) and readers only see transactions older than every
/// transaction still running, ordered by (transaction id, sequence). Appends are one round
/// trip (a function call); NOTIFY is only a wake-up hint for live subscriptions.
/// </summary>
public sealed partial class PostgresEventStore : IEventStore, IReadAllFence, ILogStatistics, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly Sql _sql;
    private readonly FencedLogReads _reads;
    private readonly PostgresChangeListener _listener;
    private readonly PostgresNotifyThrottle _notifyThrottle;
    private readonly Lock _migrateLock = new();
    private volatile Task? _migrated;

    /// <summary>Creates a store over <paramref name="dataSource"/>; nothing is touched until first use.</summary>
    public PostgresEventStore(NpgsqlDataSource dataSource, PostgresStoreOptions? options = null)
    {
        _dataSource = dataSource;
        Options = options ?? new PostgresStoreOptions();
        EmbeddedSqlScripts.RequireSafeSchema(Options.Schema, nameof(options));
        _sql = new Sql(Options.Schema);
        _reads = new FencedLogReads(dataSource, _sql.Log);
        _listener = new PostgresChangeListener(dataSource, _sql.Channel, Changes);
        _notifyThrottle = new PostgresNotifyThrottle(dataSource, _sql.Notify);
    }

    /// <summary>Creates a store (and its data source) from a connection string.</summary>
    public PostgresEventStore(string connectionString, PostgresStoreOptions? options = null)
        : this(NpgsqlDataSource.Create(connectionString), options) => _ownsDataSource = true;

    /// <summary>The options in force.</summary>
    public PostgresStoreOptions Options { get; }

    /// <summary>The data source the store connects through (for writes that must share its transactions).</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Wakes live subscriptions in this process; fed by this store's appends and by NOTIFY.</summary>
    public ChangeSignal Changes { get; } = new();

    /// <summary>Applies the schema migrations that are not applied yet (idempotent, safe to run concurrently).</summary>
    public Task Migrate(CancellationToken ct = default) => Guard("migrate", () => PostgresMigrations.Apply(_dataSource, Options.Schema, ct));

    /// <inheritdoc />
    public EventSubscription SubscribeToAll(LogPosition after, SubscriptionOptions? options = null)
    {
        _listener.Start();
        return CatchUpSubscriptions.All(this, Changes, after, options);
    }

    /// <inheritdoc />
    public EventSubscription SubscribeToStream(StreamName stream, long from, SubscriptionOptions? options = null)
    {
        _listener.Start();
        return CatchUpSubscriptions.Stream(this, Changes, stream, from, options);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync().ConfigureAwait(false);
        if (_ownsDataSource) await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private Task EnsureMigrated(CancellationToken ct)
    {
        if (!Options.AutoMigrate) return Task.CompletedTask;
        var done = _migrated;
        if (done is { IsCompletedSuccessfully: true }) return done;
        lock (_migrateLock)
        {
            if (_migrated is null || _migrated.IsFaulted || _migrated.IsCanceled) _migrated = Migrate(CancellationToken.None);
            return _migrated.WaitAsync(ct);
        }
    }
}
