namespace EventFramework;

public sealed partial class ProjectionRunner<TContext>
{
    /// <summary>
    /// Runs only while this instance holds the partition's lease: a standby waits, takes over when
    /// the holder's lease expires, and a holder that cannot renew stops applying.
    /// </summary>
    public async Task RunWithLease(IProjectionLease lease, LeaseOptions? options = null, CancellationToken ct = default)
    {
        var o = options ?? new LeaseOptions();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var grant = await TryAcquire(lease, o, ct).ConfigureAwait(false);
            if (grant is null)
            {
                Update(s => s with { State = ProjectionState.Standby });
                await Task.Delay(o.RenewEvery, ct).ConfigureAwait(false);
                continue;
            }

            using var held = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var run = Run(held.Token);
            try
            {
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(o.RenewEvery, ct)).ConfigureAwait(false);
                    if (run.IsCompleted) break;
                    var renewed = await TryAcquire(lease, o, ct).ConfigureAwait(false);
                    if (renewed is null || renewed.Token != grant.Token) break; // lost it (or cannot tell): stop applying
                }
            }
            finally
            {
                await held.CancelAsync().ConfigureAwait(false);
                try { await run.ConfigureAwait(false); }
                catch (OperationCanceledException) when (held.IsCancellationRequested) { }
                if (ct.IsCancellationRequested)
                {
                    try { await lease.Release(grant, CancellationToken.None).ConfigureAwait(false); }
                    catch (Exception ex) when (_options.IsTransient(ex)) { } // it expires by itself
                }
            }
        }
    }

    /// <summary>A lease store that cannot be reached counts as "not held": wait and try again.</summary>
    private async Task<LeaseGrant?> TryAcquire(IProjectionLease lease, LeaseOptions o, CancellationToken ct)
    {
        try
        {
            return await lease.TryAcquire(CheckpointKey, o.Owner, o.Duration, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (_options.IsTransient(ex) && !ct.IsCancellationRequested)
        {
            Update(s => s with { Error = $"lease unavailable: {ex.Message}" });
            return null;
        }
    }
}
