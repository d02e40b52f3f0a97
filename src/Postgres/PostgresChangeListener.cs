using Npgsql;

namespace EventFramework.Postgres;

/// <summary>
/// Holds one connection that LISTENs on the store's channel and turns notifications into
/// <see cref="ChangeSignal"/> wake-ups. Only a hint: when the connection drops, it reconnects
/// with back-off and subscriptions keep polling meanwhile.
/// </summary>
internal sealed class PostgresChangeListener(NpgsqlDataSource dataSource, string channel, ChangeSignal signal) : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public void Start()
    {
        if (_loop is not null) return;
        lock (_stop)
            _loop ??= Task.Run(Listen);
    }

    private async Task Listen()
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var conn = await dataSource.OpenConnectionAsync(_stop.Token).ConfigureAwait(false);
                conn.Notification += (_, _) => signal.Notify();
                await using (var cmd = new NpgsqlCommand($"listen \"{channel}\"", conn))
                    await cmd.ExecuteNonQueryAsync(_stop.Token).ConfigureAwait(false);
                signal.Notify(); // anything committed while we were not listening
                backoff = TimeSpan.FromMilliseconds(100);
                while (true)
                {
                    // A half-open socket (after a failover) never delivers again: probe it when quiet.
                    if (!await conn.WaitAsync(KeepAlive, _stop.Token).ConfigureAwait(false))
                    {
                        await using var probe = new NpgsqlCommand("select 1", conn);
                        probe.CommandTimeout = 10;
                        await probe.ExecuteNonQueryAsync(_stop.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                try { await Task.Delay(backoff, _stop.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
