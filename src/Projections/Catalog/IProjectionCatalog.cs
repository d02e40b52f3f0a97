namespace EventFramework;

/// <summary>
/// The projections a service registers, seen from operations (the efx CLI): what exists, how
/// far each is, and the verbs rebuild, reset, parked and replay. A service builds one
/// <see cref="ProjectionCatalog{TContext}"/> and hands it to the CLI.
/// </summary>
public interface IProjectionCatalog
{
    /// <summary>The registered projections (the code's versions).</summary>
    IReadOnlyList<ProjectionInfo> Projections { get; }

    /// <summary>Progress per partition of one projection, or of all when <paramref name="name"/> is null.</summary>
    Task<IReadOnlyList<ProjectionReport>> Status(string? name = null, CancellationToken ct = default);

    /// <summary>
    /// Brings the registered version up to the head of the log beside the active one, then
    /// activates it in one transaction (zero downtime when the version is new).
    /// </summary>
    Task Rebuild(string name, IProgress<RebuildProgress>? progress = null, CancellationToken ct = default);

    /// <summary>Empties the read model and checkpoints in place, then rebuilds from the start (readers see it empty meanwhile).</summary>
    Task Reset(string name, IProgress<RebuildProgress>? progress = null, CancellationToken ct = default);

    /// <summary>The parked events of a projection, in log order.</summary>
    Task<IReadOnlyList<ParkedEvent>> Parked(string name, CancellationToken ct = default);

    /// <summary>Applies the parked events of a projection again (after a fix), each exactly once.</summary>
    Task<ReplayResult> Replay(string name, CancellationToken ct = default);
}
