namespace EventFramework;

/// <summary>
/// Keeps one active instance per projection partition. A lease expires unless renewed, so a
/// standby takes over within <see cref="LeaseOptions.Duration"/> of the holder dying. Each change
/// of owner increments the fencing token. Exactly-once does not rest on the lease: the
/// checkpoint compare-and-set refuses a stale holder's batch; the lease saves the double work.
/// </summary>
public interface IProjectionLease
{
    /// <summary>Takes the lease, or renews it for its current owner; null when another owner holds it unexpired.</summary>
    Task<LeaseGrant?> TryAcquire(string key, string owner, TimeSpan duration, CancellationToken ct = default);

    /// <summary>Gives the lease up early (on a clean shutdown) so a standby need not wait for expiry.</summary>
    Task Release(LeaseGrant grant, CancellationToken ct = default);
}
