namespace EventFramework;

/// <summary>
/// The slot was dropped, or PostgreSQL invalidated it (its WAL was removed, for example past
/// <c>max_slot_wal_keep_size</c>): changes committed since it last confirmed can no longer be read
/// from the WAL. It is not recreated, since a new slot would silently skip them; recover those
/// messages another way (the polling relay from its position, or a rebuild), then call
/// <c>DropSlot</c> and start again.
/// </summary>
public sealed class ReplicationSlotLostException(string slot, bool invalidated, string detail)
    : ReplicationSlotException(slot, invalidated
        ? $"The replication slot '{slot}' was invalidated by PostgreSQL ({detail}); changes since its last confirmed position are lost to it. It is not recreated automatically."
        : $"The replication slot '{slot}' no longer exists ({detail}); changes since its last confirmed position are lost to it. It is not recreated automatically.")
{
    /// <summary>True when PostgreSQL invalidated the slot; false when it is gone.</summary>
    public bool Invalidated { get; } = invalidated;
}
