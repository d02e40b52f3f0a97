using NpgsqlTypes;

namespace EventFramework.Postgres;

/// <summary>A replication slot's row in pg_replication_slots, with its lag in bytes behind the WAL's end.</summary>
internal sealed record CdcSlotState(string SlotType, string Plugin, string Database, string CurrentDatabase, string WalStatus, long? LagBytes, NpgsqlLogSequenceNumber? ConfirmedFlush);
