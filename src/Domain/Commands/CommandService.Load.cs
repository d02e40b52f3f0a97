using System.Text.Json;

namespace EventFramework;

public sealed partial class CommandService<TState>
{
    private string StateType => $"{typeof(TState).FullName ?? typeof(TState).Name}@{_options.SnapshotVersion}";

    /// <summary>Loads a stream's state: the latest snapshot (when configured) and the events after it.</summary>
    public async Task<(TState State, long Version)> Load(StreamName stream, CancellationToken ct = default)
    {
        var state = _initial();
        var version = -1L;
        if (_options.Snapshots is { } snapshots && await snapshots.Load(stream, ct).ConfigureAwait(false) is { } snapshot && snapshot.StateType == StateType)
        {
            state = JsonSerializer.Deserialize<TState>(snapshot.State, _serializer.Options) ?? state;
            version = snapshot.Version;
        }

        while (true)
        {
            var page = await _store.ReadStream(stream, version + 1, _options.PageSize, ReadDirection.Forward, ct).ConfigureAwait(false);
            foreach (var e in page)
            {
                // A gap means events were truncated that no snapshot covers: the fold would be wrong.
                if (version >= 0 && e.StreamPosition != version + 1)
                    throw new InvalidOperationException($"Stream '{stream}' jumps from version {version} to {e.StreamPosition}: it was truncated past its snapshot, so its state cannot be loaded.");
                state = _evolve(state, _serializer.Deserialize(e));
                version = e.StreamPosition;
            }
            if (page.Count < _options.PageSize) break;
        }
        return (state, version == -1 ? await CurrentVersionIfTruncated(stream, ct).ConfigureAwait(false) : version);
    }

    /// <summary>A stream truncated to nothing still has a version.</summary>
    private Task<long> CurrentVersionIfTruncated(StreamName stream, CancellationToken ct) => _store.GetStreamVersion(stream, ct);

    private async Task SnapshotIfDue(StreamName stream, TState state, long before, long after, CancellationToken ct)
    {
        if (_options.Snapshots is not { } snapshots || _options.SnapshotEvery <= 0) return;
        if (before / _options.SnapshotEvery == after / _options.SnapshotEvery && before >= 0) return;
        var json = JsonSerializer.SerializeToUtf8Bytes(state, _serializer.Options);
        await snapshots.Save(stream, new Snapshot(after, StateType, json), ct).ConfigureAwait(false);
    }
}
