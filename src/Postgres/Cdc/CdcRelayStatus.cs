using NpgsqlTypes;

namespace EventFramework;

/// <summary>Where a <see cref="PostgresCdcRelay"/> is: what it confirmed and published, its slot's lag, and its last error.</summary>
public sealed record CdcRelayStatus
{
    public required string Name { get; init; }

    public required string Slot { get; init; }

    /// <summary>The last LSN confirmed to the slot: every message committed before it is published (or dead-lettered).</summary>
    public NpgsqlLogSequenceNumber? Confirmed { get; init; }

    /// <summary>The outbox position (transaction id, sequence) of the last message handed to the producer.</summary>
    public LogPosition? LastPublished { get; init; }

    public long Published { get; init; }

    public long DeadLettered { get; init; }

    /// <summary>Bytes of WAL the slot holds (pg_current_wal_lsn() minus confirmed_flush_lsn), as last measured.</summary>
    public long? SlotLagBytes { get; init; }

    /// <summary>The last publish, store or replication error while it is retrying; null once it makes progress again.</summary>
    public string? LastError { get; init; }
}
