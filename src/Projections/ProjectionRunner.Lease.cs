namespace EventFramework;

public sealed partial class ProjectionRunner<TContext>
{
    /// <summary>
    /// Runs only while this instance holds the partition's lease: a standby waits, takes over when
    /// the holder's lease expires, and a holder that cannot renew stops applying.
    /// </summary>
    public Task RunWithLease(IProjectionLease lease, LeaseOptions? options = null, CancellationToken ct = default) =>
        LeasedWork.Run(lease, CheckpointKey, options ?? new LeaseOptions(), Run, _options.IsTransient,
            onStandby: () => Update(s => s with { State = ProjectionState.Standby }),
            onLeaseError: ex => Update(s => s with { Error = $"lease unavailable: {ex.Message}" }),
            ct: ct);
}
