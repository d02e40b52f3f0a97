namespace EventFramework;

/// <summary>
/// The projections of one sink technology, registered with their options: runs them all
/// (optionally under leases) and answers the operations of <see cref="IProjectionCatalog"/>.
/// </summary>
public sealed partial class ProjectionCatalog<TContext>(IEventStore store, IProjectionSink<TContext> sink, EventSerializer serializer) : IProjectionCatalog
{
    private readonly List<(Projection<TContext> Projection, ProjectionOptions Options)> _entries = [];

    /// <summary>Registers <paramref name="projection"/>; its options' partition count applies to all its runners.</summary>
    public ProjectionCatalog<TContext> Add(Projection<TContext> projection, ProjectionOptions? options = null)
    {
        if (_entries.Any(e => e.Projection.Name == projection.Name))
            throw new ArgumentException($"A projection named '{projection.Name}' is already registered.", nameof(projection));
        _entries.Add((projection, options ?? new ProjectionOptions()));
        return this;
    }

    /// <inheritdoc />
    public IReadOnlyList<ProjectionInfo> Projections => _entries.Select(e => new ProjectionInfo(e.Projection.Name, e.Projection.Version, e.Options.Partitions)).ToList();

    /// <summary>One runner per partition of <paramref name="name"/> (new runners each call).</summary>
    public IReadOnlyList<ProjectionRunner<TContext>> Runners(string name)
    {
        var (projection, options) = Find(name);
        return Enumerable.Range(0, options.Partitions)
            .Select(p => new ProjectionRunner<TContext>(store, sink, projection, serializer, options with { Partition = p }))
            .ToList();
    }

    /// <summary>Runs every partition of every projection until cancelled; under leases when <paramref name="lease"/> is given.</summary>
    public Task RunAll(IProjectionLease? lease = null, LeaseOptions? leaseOptions = null, CancellationToken ct = default) =>
        Task.WhenAll(_entries.SelectMany(e => Runners(e.Projection.Name))
            .Select(r => lease is null ? r.Run(ct) : r.RunWithLease(lease, leaseOptions, ct)));

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProjectionReport>> Status(string? name = null, CancellationToken ct = default)
    {
        var reports = new List<ProjectionReport>();
        foreach (var (projection, options) in name is null ? _entries : [Find(name)])
        {
            var active = sink is IProjectionVersions<TContext> versions ? await versions.ActiveVersion(projection.Name, ct).ConfigureAwait(false) : null;
            var parked = (await sink.LoadParked(projection.Key, ct).ConfigureAwait(false)).Count;
            for (var p = 0; p < options.Partitions; p++)
            {
                var key = ProjectionRunner<TContext>.CheckpointKeyOf(projection.Key, p, options.Partitions);
                var checkpoint = await sink.LoadCheckpoint(key, ct).ConfigureAwait(false);
                long? behind = store is ILogStatistics stats ? await stats.CountAfter(checkpoint ?? LogPosition.Start, ct).ConfigureAwait(false) : null;
                var holder = store is IReadAllFence fence ? await fence.FindFenceHolder(checkpoint ?? LogPosition.Start, ct).ConfigureAwait(false) : null;
                reports.Add(new ProjectionReport(projection.Name, projection.Version, key, checkpoint, behind, parked, active, holder));
            }
        }
        return reports;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ParkedEvent>> Parked(string name, CancellationToken ct = default) => sink.LoadParked(Find(name).Projection.Key, ct);

    /// <inheritdoc />
    public Task<ReplayResult> Replay(string name, CancellationToken ct = default) => Runners(name)[0].ReplayParked(ct);

    private (Projection<TContext> Projection, ProjectionOptions Options) Find(string name) =>
        _entries.FirstOrDefault(e => e.Projection.Name == name) is { Projection: not null } entry
            ? entry
            : throw new KeyNotFoundException($"No projection named '{name}' is registered (known: {string.Join(", ", _entries.Select(e => e.Projection.Name))}).");
}
