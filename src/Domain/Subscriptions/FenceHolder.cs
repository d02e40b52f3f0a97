namespace EventFramework;

/// <summary>
/// The open transaction that holds a gap-free ReadAll back: committed events exist after
/// the reader's position, but an older transaction is still running and may yet commit
/// events before them. Ask its owner to finish, or set idle_in_transaction_session_timeout.
/// </summary>
/// <param name="ProcessId">The backend process id (pg_stat_activity.pid).</param>
/// <param name="TransactionStarted">When its transaction began.</param>
/// <param name="State">Its state, e.g. "idle in transaction".</param>
/// <param name="Query">Its current or last query.</param>
public sealed record FenceHolder(int ProcessId, DateTimeOffset? TransactionStarted, string State, string Query)
{
    /// <summary>How long the transaction has been open.</summary>
    public TimeSpan Age(DateTimeOffset now) => TransactionStarted is { } t ? now - t : TimeSpan.Zero;

    /// <inheritdoc />
    public override string ToString() => $"pid {ProcessId} ({State}, open since {TransactionStarted:O}): {Query}";
}
