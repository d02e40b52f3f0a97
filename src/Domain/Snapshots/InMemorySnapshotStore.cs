using System.Collections.Concurrent;

namespace EventFramework;

/// <summary>Snapshots in process memory, for tests.</summary>
public sealed class InMemorySnapshotStore : ISnapshotStore
{
    private readonly ConcurrentDictionary<string, Snapshot> _snapshots = new();

    /// <inheritdoc />
    public Task<Snapshot?> Load(StreamName stream, CancellationToken ct = default) =>
        Task.FromResult(_snapshots.GetValueOrDefault(stream.Value));

    /// <inheritdoc />
    public Task Save(StreamName stream, Snapshot snapshot, CancellationToken ct = default)
    {
        _snapshots.AddOrUpdate(stream.Value, snapshot, (_, old) => old.Version >= snapshot.Version ? old : snapshot);
        return Task.CompletedTask;
    }
}
