using Npgsql;

namespace EventFramework.Postgres;

/// <summary>
/// The production event store on PostgreSQL. ReadAll is gap-free: each event carries its
/// writer's transaction id (xid8) and readers only see transactions older than every
/// transaction still running, ordered by (transaction id, sequence).
/// </summary>
public sealed partial class PostgresEventStore : IEventStore, IReadAllFence, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a store over <paramref name="dataSource"/>; nothing is touched until first use.</summary>
    public PostgresEventStore(NpgsqlDataSource dataSource, PostgresStoreOptions? options = null)
    {
        _dataSource = dataSource;
        Options = options ?? new PostgresStoreOptions();
    }

    /// <summary>The options in force.</summary>
    public PostgresStoreOptions Options { get; }

    /// <summary>Applies the schema migrations that are not applied yet (idempotent, safe to run concurrently).</summary>
    public Task Migrate(CancellationToken ct = default) => throw new NotImplementedException();

    public Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<RecordedEvent>> ReadStream(StreamName stream, long from, int maxCount, ReadDirection direction = ReadDirection.Forward, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<long> GetStreamVersion(StreamName stream, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<RecordedEvent?> FindEvent(Guid eventId, CancellationToken ct = default) => throw new NotImplementedException();
    public Task<IReadOnlyList<RecordedEvent>> ReadAll(LogPosition after, int maxCount, CancellationToken ct = default) => throw new NotImplementedException();
    public Task DeleteStream(StreamName stream, ExpectedVersion expected, CancellationToken ct = default) => throw new NotImplementedException();
    public Task TruncateStream(StreamName stream, long before, CancellationToken ct = default) => throw new NotImplementedException();
    public EventSubscription SubscribeToAll(LogPosition after, SubscriptionOptions? options = null) => throw new NotImplementedException();
    public EventSubscription SubscribeToStream(StreamName stream, long from, SubscriptionOptions? options = null) => throw new NotImplementedException();
    public Task<FenceHolder?> FindFenceHolder(LogPosition after, CancellationToken ct = default) => throw new NotImplementedException();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
