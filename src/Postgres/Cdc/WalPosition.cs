using System.Globalization;
using NpgsqlTypes;

namespace EventFramework;

/// <summary>
/// A position in the WAL order of a <see cref="PostgresWalSource"/>: the commit LSN of the
/// event's transaction and the event's index in it. This is commit order, which
/// <see cref="LogPosition"/> (transaction id, sequence) is not: a transaction that started later can
/// commit earlier. The two cannot be converted into each other; keep a WAL subscriber's checkpoint
/// as a <see cref="WalPosition"/> (its <see cref="ToString"/> form).
/// </summary>
public readonly record struct WalPosition(ulong CommitLsn, int Index) : IComparable<WalPosition>
{
    /// <inheritdoc />
    public int CompareTo(WalPosition other)
    {
        var byCommit = CommitLsn.CompareTo(other.CommitLsn);
        return byCommit != 0 ? byCommit : Index.CompareTo(other.Index);
    }

    public static bool operator <(WalPosition a, WalPosition b) => a.CompareTo(b) < 0;
    public static bool operator >(WalPosition a, WalPosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(WalPosition a, WalPosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(WalPosition a, WalPosition b) => a.CompareTo(b) >= 0;

    /// <summary>"LSN#index", for example "0/16B3748#2".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{new NpgsqlLogSequenceNumber(CommitLsn)}#{Index}");

    /// <summary>Parses the form written by <see cref="ToString"/>.</summary>
    public static WalPosition Parse(string text) =>
        TryParse(text, out var position) ? position : throw new FormatException($"'{text}' is not a WAL position (expected LSN#index, for example 0/16B3748#2).");

    /// <summary>Parses the form written by <see cref="ToString"/>; false for anything else.</summary>
    public static bool TryParse(string? text, out WalPosition position)
    {
        position = default;
        var hash = text?.IndexOf('#') ?? -1;
        if (hash < 0) return false;
        if (!NpgsqlLogSequenceNumber.TryParse(text.AsSpan(0, hash), out var lsn)
            || !int.TryParse(text.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)) return false;
        position = new((ulong)lsn, index);
        return true;
    }
}
