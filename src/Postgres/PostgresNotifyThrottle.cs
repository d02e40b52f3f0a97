using Npgsql;

namespace EventFramework.Postgres;

/// <summary>
/// NOTIFY takes a cluster-wide lock at commit, so notifying on every append serialises all
/// writers. This sends at most one per <see cref="Interval"/> from the append itself; appends
/// in between are covered by one trailing NOTIFY at the end of the window, so a remote
/// subscriber is woken at most one interval late.
/// </summary>
internal sealed class PostgresNotifyThrottle(NpgsqlDataSource dataSource, string notifySql)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private long _lastNotify;
    private int _trailingScheduled;

    /// <summary>True when this append should carry the NOTIFY itself.</summary>
    public bool Claim()
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastNotify);
        return now - last >= (long)Interval.TotalMilliseconds && Interlocked.CompareExchange(ref _lastNotify, now, last) == last;
    }

    /// <summary>
    /// Called after an append that did not carry a NOTIFY has run: one trailing NOTIFY at the end of
    /// the window covers it (a caller's transaction may commit later still; subscribers poll for that).
    /// </summary>
    public void ScheduleTrailing()
    {
        if (Interlocked.Exchange(ref _trailingScheduled, 1) == 0) _ = Trailing();
    }

    private async Task Trailing()
    {
        try
        {
            await Task.Delay(Interval).ConfigureAwait(false);
            Interlocked.Exchange(ref _lastNotify, Environment.TickCount64);
            Volatile.Write(ref _trailingScheduled, 0);
            await using var cmd = dataSource.CreateCommand(notifySql);
            await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or ObjectDisposedException)
        {
            // A hint only: subscribers poll.
        }
    }
}
