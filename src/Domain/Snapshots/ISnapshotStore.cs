namespace EventFramework;

/// <summary>
/// Keeps the latest snapshot per stream. Snapshots are a cache: losing one only costs a longer
/// load, so they are saved after the append, not in its transaction.
/// </summary>
public interface ISnapshotStore
{
    Task<Snapshot?> Load(StreamName stream, CancellationToken ct = default);

    /// <summary>Saves <paramref name="snapshot"/> unless a newer one is stored.</summary>
    Task Save(StreamName stream, Snapshot snapshot, CancellationToken ct = default);
}
