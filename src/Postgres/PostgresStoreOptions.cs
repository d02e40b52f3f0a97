namespace EventFramework.Postgres;

/// <summary>How the PostgreSQL store lays out and guards its tables.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>The schema holding the store's tables (created by <see cref="PostgresEventStore.Migrate"/>).</summary>
    public string Schema { get; init; } = "eventframework";

    /// <summary>The largest payload accepted, in bytes.</summary>
    public int MaxEventBytes { get; init; } = EventLimits.DefaultMaxEventBytes;

    /// <summary>
    /// Send one NOTIFY per append transaction as a wake-up hint for live subscriptions.
    /// NOTIFY serialises commits cluster-wide; turn it off for the highest write rates and
    /// subscriptions fall back to polling.
    /// </summary>
    public bool NotifyOnAppend { get; init; } = true;

    /// <summary>Apply the schema migrations on first use.</summary>
    public bool AutoMigrate { get; init; } = true;
}
