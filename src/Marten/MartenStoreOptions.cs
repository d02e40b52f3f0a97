using Marten;

namespace EventFramework;

/// <summary>How <see cref="MartenEventStore"/> sets up Marten.</summary>
public sealed record MartenStoreOptions
{
    /// <summary>The schema of Marten's tables (mt_events, mt_streams, documents). A lower-case SQL identifier.</summary>
    public string Schema { get; init; } = "eventframework_marten";

    /// <summary>Applies Marten's schema and the adapter's additions on first use (see <see cref="MartenEventStore.Migrate"/>).</summary>
    public bool AutoMigrate { get; init; } = true;

    /// <summary>
    /// Further Marten configuration (document types, projections, <see cref="MartenProjectionSink.Register"/>),
    /// applied after the adapter's settings. Changing the event settings the adapter relies on (string
    /// stream keys, the event type mapping of <see cref="MartenEventBody"/>) breaks the adapter.
    /// </summary>
    public Action<StoreOptions>? Configure { get; init; }
}
