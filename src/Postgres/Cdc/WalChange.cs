using NpgsqlTypes;

namespace EventFramework.Postgres;

/// <summary>
/// One item read from the WAL: an inserted row (its values in the reader's column order, the commit
/// LSN of its transaction and its index in it), a commit (the transaction's end LSN: confirming it
/// marks the whole transaction done), or a heartbeat (a LSN that is safe to confirm once every
/// change before it is done).
/// </summary>
internal readonly record struct WalChange(WalChangeKind Kind, object?[]? Row, NpgsqlLogSequenceNumber Lsn, int Index)
{
    public static WalChange Inserted(object?[] row, NpgsqlLogSequenceNumber commitLsn, int index) => new(WalChangeKind.Row, row, commitLsn, index);

    public static WalChange Committed(NpgsqlLogSequenceNumber endLsn) => new(WalChangeKind.Commit, null, endLsn, -1);

    public static WalChange Heartbeat(NpgsqlLogSequenceNumber lsn) => new(WalChangeKind.Heartbeat, null, lsn, -1);
}

