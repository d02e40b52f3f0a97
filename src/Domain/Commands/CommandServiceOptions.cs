namespace EventFramework;

/// <summary>Loading options of a <see cref="CommandService{TState}"/>.</summary>
public sealed record CommandServiceOptions
{
    /// <summary>Where snapshots live; null disables them.</summary>
    public ISnapshotStore? Snapshots { get; init; }

    /// <summary>Save a snapshot each time the version crosses a multiple of this (0 = never).</summary>
    public int SnapshotEvery { get; init; }

    /// <summary>
    /// The version of the snapshot shape: bump it when the state's shape or the evolve function
    /// changes, and older snapshots are ignored (the state is folded from the events instead).
    /// </summary>
    public int SnapshotVersion { get; init; } = 1;

    /// <summary>Events read per page when loading a stream.</summary>
    public int PageSize { get; init; } = 500;
}
