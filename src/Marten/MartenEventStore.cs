using EventFramework.Postgres;
using EventFramework.Marten;
using EventFramework.Store;
using EventFramework.Subscriptions;
using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using Weasel.Core;
using static EventFramework.Marten.MartenErrors;

namespace EventFramework;

/// <summary>
/// Marten's event store behind the EventFramework store contract, for teams already on Marten:
/// events go through a Marten session into mt_events / mt_streams (string stream keys), where
/// Marten projections and queries see them, and the contract's guarantees are kept on top:
/// <list type="bullet">
/// <item>writers of one stream queue on a transaction-scoped advisory lock, so expected versions,
/// <see cref="ExpectedVersion.StreamExists"/>, idempotent retries and tombstones are checked
/// exactly (Marten alone has no StreamExists, treats a retry as a conflict and has no tombstone);</item>
/// <item>ReadAll is gap-free: a column added to mt_events keeps each writer's transaction id, read
/// behind the same xid fence as <c>PostgresEventStore</c> (Marten's seq_id alone can skip an event that
/// commits late; see Scripts/1_ReadAllFence.sql);</item>
/// <item>DeleteStream removes the events and archives the stream row (Marten's is_archived) as the
/// tombstone; TruncateStream deletes the events before a position and keeps the version.</item>
/// </list>
/// Live subscriptions are woken by this instance's appends and otherwise poll (no LISTEN/NOTIFY).
/// Code appending through Marten's own API bypasses the stream lock: its events still get the fence
/// column (a default) and Marten's version check, and an adapter append that loses to it is checked
/// again; but Marten does not refuse an append to a stream the adapter deleted.
/// </summary>
public sealed partial class MartenEventStore : IEventStore, IReadAllFence, ILogStatistics, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly MartenSql _sql;
    private readonly FencedLogReads _reads;
    private readonly Lock _migrateLock = new();
    private volatile Task? _migrated;

    /// <summary>Creates a store over <paramref name="dataSource"/> (which the caller keeps owning); nothing is touched until first use.</summary>
    public MartenEventStore(NpgsqlDataSource dataSource, MartenStoreOptions? options = null)
    {
        _dataSource = dataSource;
        Options = options ?? new MartenStoreOptions();
        EmbeddedSqlScripts.RequireSafeSchema(Options.Schema, nameof(options));
        _sql = new MartenSql(Options.Schema);
        _reads = new FencedLogReads(dataSource, _sql.Log);
        DocumentStore = global::Marten.DocumentStore.For(opts =>
        {
            opts.Connection(dataSource);
            opts.DatabaseSchemaName = Options.Schema;
            // The schema changes only in Migrate: Marten then sees the adapter's added column as its own table's.
            opts.AutoCreateSchemaObjects = AutoCreate.None;
            opts.UseSystemTextJsonForSerialization(casing: Casing.CamelCase);
            opts.Events.StreamIdentity = StreamIdentity.AsString;
            opts.Events.AppendMode = EventAppendMode.Quick;
            opts.Events.EnableUniqueIndexOnEventId = true;
            opts.Events.MapEventType<MartenEventBody>(MartenEventBody.TypeName);
            Options.Configure?.Invoke(opts);
        });
    }

    /// <summary>The options in force.</summary>
    public MartenStoreOptions Options { get; }

    /// <summary>The Marten document store over the same database and schema, for Marten queries, documents and projections.</summary>
    public DocumentStore DocumentStore { get; }

    /// <summary>Wakes live subscriptions in this process; fed by this store's appends.</summary>
    public ChangeSignal Changes { get; } = new();

    /// <summary>
    /// Applies Marten's schema (tables, functions, configured documents), then the adapter's additions
    /// to mt_events. Idempotent; concurrent callers queue on an advisory lock.
    /// </summary>
    public Task Migrate(CancellationToken ct = default) => Guard("migrate", async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var lockCmd = new NpgsqlCommand(_sql.LockMigrations, connection, tx))
            await lockCmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await DocumentStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate).ConfigureAwait(false);
        foreach (var script in EmbeddedSqlScripts.Load(typeof(MartenEventStore).Assembly, Options.Schema))
        {
            await using var cmd = new NpgsqlCommand(script.Sql, connection, tx);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    });

    /// <inheritdoc />
    public EventSubscription SubscribeToAll(LogPosition after, SubscriptionOptions? options = null) =>
        CatchUpSubscriptions.All(this, Changes, after, options);

    /// <inheritdoc />
    public EventSubscription SubscribeToStream(StreamName stream, long from, SubscriptionOptions? options = null) =>
        CatchUpSubscriptions.Stream(this, Changes, stream, from, options);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => DocumentStore.DisposeAsync();

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
