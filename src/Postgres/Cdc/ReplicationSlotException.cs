namespace EventFramework;

/// <summary>
/// A replication slot a CDC relay or WAL subscription relies on cannot be used as it is. Never
/// retried and never repaired automatically: an operator decides (see the derived types).
/// </summary>
public abstract class ReplicationSlotException : EventStoreException
{
    protected ReplicationSlotException(string slot, string message, Exception? inner = null) : base(message, inner) => Slot = slot;

    /// <summary>The slot's name.</summary>
    public string Slot { get; }
}
