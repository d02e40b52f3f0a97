using System.Threading.Channels;
using EventFramework.Postgres;

namespace EventFramework;

public sealed partial class PostgresCdcRelay
{
    /// <summary>Measures the slot's lag every <see cref="PostgresCdcOptions.LagInterval"/>; throws once the slot is gone or invalidated.</summary>
    private async Task Watch(CancellationToken ct)
    {
        while (true)
        {
            await CheckSlot(ct).ConfigureAwait(false);
            await Task.Delay(_options.LagInterval, ct).ConfigureAwait(false);
        }
    }

    private async Task CheckSlot(CancellationToken ct)
    {
        try
        {
            await MeasureLag(ct).ConfigureAwait(false);
        }
        catch (EventStoreUnavailableException ex)
        {
            Update(s => s with { LastError = ex.Message });
        }
    }

    /// <summary>
    /// Writes a non-transactional logical message: once it comes back through the stream, every
    /// change committed before it has been read, so confirming it frees WAL other tables wrote.
    /// Best effort: without it the slot only moves when the outbox does.
    /// </summary>
    private async Task Heartbeat(CancellationToken ct)
    {
        try
        {
            await using var cmd = _dataSource.CreateCommand("select pg_logical_emit_message(false, $1, '')");
            cmd.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = WalStream.HeartbeatPrefix });
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            Update(s => s with { LastError = $"heartbeat: {ex.Message}" });
        }
    }

    /// <summary>True when a change is ready; false when <paramref name="timeout"/> passed first.</summary>
    private static async Task<bool> WaitForChange(ChannelReader<WalChange> changes, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        return await WaitForChange(changes, limit.Token, ct).ConfigureAwait(false);
    }

    /// <summary>True when a change is ready; false when <paramref name="until"/> was cancelled first. Throws the session's error.</summary>
    private static async Task<bool> WaitForChange(ChannelReader<WalChange> changes, CancellationToken until, CancellationToken ct)
    {
        try
        {
            if (await changes.WaitToReadAsync(until).ConfigureAwait(false)) return true;
            throw new InvalidOperationException("The replication stream ended.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static TimeSpan Jittered(TimeSpan delay) => delay * (0.5 + Random.Shared.NextDouble() / 2);

    private void Update(Func<CdcRelayStatus, CdcRelayStatus> change) => Volatile.Write(ref _status, change(Status));
}
