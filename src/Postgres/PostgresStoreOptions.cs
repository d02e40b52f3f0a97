using EventFramework.Postgres;

namespace EventFramework;

/// <summary>How the PostgreSQL store lays out and guards its tables.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>The schema holding the store's tables (created by <see cref="PostgresEventStore.Migrate"/>).</summary>
    public string Schema { get; init; } = "eventframework";

    /// <summary>The largest payload accepted, in bytes.</summary>
    public int MaxEventBytes { get; init; } = EventLimits.DefaultMaxEventBytes;

    /// <summary>
    /// Send NOTIFY as a wake-up hint for live subscriptions in other processes: at most one per
    /// 20 ms per store instance (NOTIFY serialises commits cluster-wide), from the append's own
    /// transaction or a trailing one. Off: subscriptions elsewhere rely on polling alone.
    /// </summary>
    public bool NotifyOnAppend { get; init; } = true;

    /// <summary>Apply the schema migrations on first use.</summary>
    public bool AutoMigrate { get; init; } = true;
}
