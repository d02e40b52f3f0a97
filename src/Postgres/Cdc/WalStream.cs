using System.Threading.Channels;
using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;
using NpgsqlTypes;

namespace EventFramework.Postgres;

/// <summary>
/// One replication session on a slot: streams pgoutput (protocol 1, binary values, no streaming of
/// open transactions, so each transaction arrives whole at its commit, in commit order) and writes
/// the inserts into one table, the commits and the heartbeats into a channel. The channel is
/// bounded: a slow consumer slows the stream instead of filling memory.
/// </summary>
internal sealed class WalStream(CdcSlot slot, IReadOnlyList<string> columns, bool heartbeats) : IAsyncDisposable
{
    /// <summary>The prefix of heartbeat messages (<c>pg_logical_emit_message</c>).</summary>
    public const string HeartbeatPrefix = "eventframework.cdc.heartbeat";

    private readonly CancellationTokenSource _stop = new();
    private LogicalReplicationConnection? _connection;
    private Task? _reading;

    /// <summary>Changes as they are read; completes with the session's error when it fails.</summary>
    public Channel<WalChange> Changes { get; } = Channel.CreateBounded<WalChange>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });

    /// <summary>Opens the replication connection and starts reading from <paramref name="from"/> (or the slot's confirmed position).</summary>
    public async Task Start(NpgsqlLogSequenceNumber? from, CancellationToken ct)
    {
        var connection = new LogicalReplicationConnection(slot.ConnectionString);
        try
        {
            await connection.Open(ct).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ReplicationSetupException(slot.Name, "open a replication connection", ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        _connection = connection;
        _reading = Task.Run(() => Read(connection, from, _stop.Token), CancellationToken.None);
    }

    /// <summary>
    /// Tells the server that everything before <paramref name="lsn"/> is done, at once: the slot's
    /// confirmed_flush_lsn moves and the WAL before it can be recycled.
    /// </summary>
    public async Task Confirm(NpgsqlLogSequenceNumber lsn, CancellationToken ct)
    {
        var connection = _connection ?? throw new InvalidOperationException("The replication session has not started.");
        // Never backwards: some server versions would move the slot back and decode again.
        if (lsn <= connection.LastFlushedLsn) return;
        connection.SetReplicationStatus(lsn);
        await connection.SendStatusUpdate(ct).ConfigureAwait(false);
    }

    private async Task Read(LogicalReplicationConnection connection, NpgsqlLogSequenceNumber? from, CancellationToken ct)
    {
        try
        {
            var options = new PgOutputReplicationOptions(slot.Publication, PgOutputProtocolVersion.V1, binary: true, streamingMode: PgOutputStreamingMode.Off, messages: heartbeats);
            var maps = new Dictionary<uint, int[]>();
            var commitLsn = default(NpgsqlLogSequenceNumber);
            var index = 0;
            await foreach (var message in connection.StartReplication(new PgOutputReplicationSlot(slot.Name), options, ct, from).ConfigureAwait(false))
            {
                switch (message)
                {
                    case BeginMessage begin:
                        commitLsn = begin.TransactionFinalLsn;
                        index = 0;
                        break;
                    case RelationMessage relation:
                        if (relation.Namespace == slot.Schema && relation.RelationName == slot.Table) maps[relation.RelationId] = Map(relation);
                        break;
                    case InsertMessage insert when maps.TryGetValue(insert.Relation.RelationId, out var map):
                        var row = await ReadRow(insert.NewRow, map, ct).ConfigureAwait(false);
                        await Changes.Writer.WriteAsync(WalChange.Inserted(row, commitLsn, index++), ct).ConfigureAwait(false);
                        break;
                    case CommitMessage commit:
                        await Changes.Writer.WriteAsync(WalChange.Committed(commit.TransactionEndLsn), ct).ConfigureAwait(false);
                        break;
                    case LogicalDecodingMessage { Flags: 0, Prefix: HeartbeatPrefix } beat:
                        await Changes.Writer.WriteAsync(WalChange.Heartbeat(beat.MessageLsn), ct).ConfigureAwait(false);
                        break;
                }
            }
            Changes.Writer.TryComplete(new NpgsqlException("The replication stream ended."));
        }
        catch (Exception ex)
        {
            Changes.Writer.TryComplete(ex);
        }
    }

    /// <summary>For each wanted column, its index in the relation.</summary>
    private int[] Map(RelationMessage relation)
    {
        var names = new List<string>();
        foreach (var column in relation.Columns) names.Add(column.ColumnName);
        return [.. columns.Select(c => names.IndexOf(c) is >= 0 and var i
            ? i
            : throw new ReplicationSlotMismatchException(slot.Name, $"the table {slot.Schema}.{slot.Table} has no column '{c}' in the WAL"))];
    }

    private static async Task<object?[]> ReadRow(ReplicationTuple tuple, int[] map, CancellationToken ct)
    {
        var all = new object?[tuple.NumColumns];
        var i = 0;
        await foreach (var value in tuple.ConfigureAwait(false))
        {
            all[i++] = value.IsDBNull ? null : await value.Get<object>(ct).ConfigureAwait(false);
        }
        var row = new object?[map.Length];
        for (var c = 0; c < map.Length; c++) row[c] = all[map[c]];
        return row;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_reading is not null)
        {
            try { await _reading.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
