using EventFramework.Sqlite;

namespace EventFramework;

/// <summary>Where the SQLite store keeps its file and how it guards it.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>The database file; it and its folder are created on first use.</summary>
    public required string Path { get; init; }

    /// <summary>Commit durability; see <see cref="SqliteSynchronous.Normal"/> for what the faster setting risks.</summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>The largest payload accepted, in bytes.</summary>
    public int MaxEventBytes { get; init; } = EventLimits.DefaultMaxEventBytes;

    /// <summary>Apply the schema migrations on first use; when off, use fails with InvalidOperationException until <see cref="SqliteEventStore.Migrate"/> has run.</summary>
    public bool AutoMigrate { get; init; } = true;

    /// <summary>
    /// How long a write waits for another process's write transaction (and a read for a
    /// checkpoint) before failing with <see cref="EventStoreUnavailableException"/>. Less than a
    /// second acts as one second (Microsoft.Data.Sqlite retries in whole seconds).
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
