namespace EventFramework;

/// <summary>
/// Runs a piece of work only while this instance holds a lease: a standby waits and takes over
/// when the holder's lease expires (or is released); a holder that cannot renew stops its work at
/// once. Used by projection runners and outbox relays for one active instance per key.
/// </summary>
public static class LeasedWork
{
    /// <summary>
    /// Runs <paramref name="work"/> under the lease <paramref name="key"/> until <paramref name="ct"/> is
    /// cancelled; <paramref name="onStandby"/> is told when this instance waits. A lease store that cannot
    /// be reached (<paramref name="isTransient"/>) counts as "not held": reported through
    /// <paramref name="onLeaseError"/>, then tried again.
    /// </summary>
    public static async Task Run(IProjectionLease lease, string key, LeaseOptions options, Func<CancellationToken, Task> work,
        Func<Exception, bool> isTransient, Action? onStandby = null, Action<Exception>? onLeaseError = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(work);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var grant = await TryAcquire(lease, key, options, isTransient, onLeaseError, ct).ConfigureAwait(false);
            if (grant is null)
            {
                onStandby?.Invoke();
                await Task.Delay(options.RenewEvery, ct).ConfigureAwait(false);
                continue;
            }

            using var held = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var run = work(held.Token);
            try
            {
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(options.RenewEvery, ct)).ConfigureAwait(false);
                    if (run.IsCompleted) break;
                    var renewed = await TryAcquire(lease, key, options, isTransient, onLeaseError, ct).ConfigureAwait(false);
                    if (renewed is null || renewed.Token != grant.Token) break; // lost it (or cannot tell): stop working
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
                    catch (Exception ex) when (isTransient(ex)) { } // it expires by itself
                }
            }
        }
    }

    private static async Task<LeaseGrant?> TryAcquire(IProjectionLease lease, string key, LeaseOptions options, Func<Exception, bool> isTransient,
        Action<Exception>? onLeaseError, CancellationToken ct)
    {
        try
        {
            return await lease.TryAcquire(key, options.Owner, options.Duration, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (isTransient(ex) && !ct.IsCancellationRequested)
        {
            onLeaseError?.Invoke(ex);
            return null;
        }
    }
}
