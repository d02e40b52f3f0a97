using System.Globalization;

namespace EventFramework;

/// <summary>
/// A position in the global log, ordered by (commit, sequence). On PostgreSQL
/// <see cref="Commit"/> is the writer's transaction id (xid8), which is what makes ReadAll
/// gap-free; on single-writer backends it is 0 and <see cref="Sequence"/> alone orders.
/// Reads are exclusive: "after" a position.
/// </summary>
public readonly record struct LogPosition(ulong Commit, long Sequence) : IComparable<LogPosition>
{
    /// <summary>Before the first event.</summary>
    public static LogPosition Start { get; } = new(0, 0);

    /// <inheritdoc />
    public int CompareTo(LogPosition other)
    {
        var byCommit = Commit.CompareTo(other.Commit);
        return byCommit != 0 ? byCommit : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(LogPosition a, LogPosition b) => a.CompareTo(b) < 0;
    public static bool operator >(LogPosition a, LogPosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(LogPosition a, LogPosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(LogPosition a, LogPosition b) => a.CompareTo(b) >= 0;

    /// <summary>"commit/sequence", the form checkpoints store.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Commit}/{Sequence}");

    /// <summary>Parses the form written by <see cref="ToString"/>.</summary>
    public static LogPosition Parse(string text) =>
        TryParse(text, out var position) ? position : throw new FormatException($"'{text}' is not a log position (expected commit/sequence).");

    /// <summary>Parses the form written by <see cref="ToString"/>; false for anything else.</summary>
    public static bool TryParse(string? text, out LogPosition position)
    {
        position = default;
        var slash = text?.IndexOf('/') ?? -1;
        if (slash < 0) return false;
        if (!ulong.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var commit)
            || !long.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)) return false;
        position = new(commit, sequence);
        return true;
    }
}
