namespace EventFramework;

/// <summary>
/// Implemented by stores whose ReadAll waits for older transactions (PostgreSQL's xid fence),
/// so a subscription can say what it is waiting for.
/// </summary>
public interface IReadAllFence
{
    /// <summary>The transaction holding back committed events after <paramref name="after"/>, or null when nothing is held back.</summary>
    Task<FenceHolder?> FindFenceHolder(LogPosition after, CancellationToken ct = default);
}
