using EventFramework.Postgres;
using Npgsql;

namespace EventFramework;

/// <summary>
/// ReadAll straight from the WAL: the events table's inserts through a replication slot, in commit
/// order, as they commit. Unlike the store's ReadAll (the xid8 fence) it is never held back by a
/// long transaction elsewhere in the cluster; the price is a replication slot per reader (WAL held
/// until it is acknowledged), positions of its own (<see cref="WalPosition"/>) and events only from
/// the slot's creation on. Catch up older history with the store's ReadAll first.
/// </summary>
/// <remarks>
/// Delivery is at-least-once: the slot moves only when <see cref="WalSubscription.Acknowledge"/>
/// is called, and a subscription resumed after a position skips what came before it.
/// </remarks>
public sealed class PostgresWalSource : IAsyncDisposable
{
    internal static readonly string[] Columns = ["event_id", "stream_name", "stream_position", "transaction_id", "global_position", "event_type", "data", "metadata", "created"];

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>A source named <paramref name="name"/>; its slot is named after it unless <see cref="PostgresCdcOptions.Slot"/> says otherwise.</summary>
    public PostgresWalSource(string name, string connectionString, PostgresCdcOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Name = name;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            SlotState = new CdcSlot(_dataSource, connectionString, name, "events", options ?? new PostgresCdcOptions());
        }
        catch
        {
            _dataSource.Dispose();
            throw;
        }
    }

    /// <summary>The source's name.</summary>
    public string Name { get; }

    /// <summary>The replication slot's name.</summary>
    public string Slot => SlotState.Name;

    internal CdcSlot SlotState { get; }

    /// <summary>Creates the publication and slot when missing and checks them when present; events are read from the slot's creation on.</summary>
    public Task EnsureSlot(CancellationToken ct = default) => SlotState.Ensure(ct);

    /// <summary>Drops the slot, its publication and record (the slot must not be in use).</summary>
    public Task DropSlot(CancellationToken ct = default) => SlotState.Drop(ct);

    /// <summary>Bytes of WAL the slot holds now (pg_current_wal_lsn() minus its confirmed_flush_lsn).</summary>
    public async Task<long?> MeasureLag(CancellationToken ct = default) => (await SlotState.Check(ct).ConfigureAwait(false)).LagBytes;

    /// <summary>
    /// Events committed after <paramref name="after"/> (or from the slot's confirmed position), then
    /// live ones. Throws <see cref="ReplicationSlotMismatchException"/> when the slot has already been
    /// acknowledged past <paramref name="after"/>.
    /// </summary>
    public WalSubscription Subscribe(WalPosition? after = null) => new(this, after);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
