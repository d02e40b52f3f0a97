using EventFramework.Sqlite;

namespace EventFramework;

/// <summary>How hard SQLite works to make each commit durable (<c>PRAGMA synchronous</c>).</summary>
public enum SqliteSynchronous
{
    /// <summary>Every commit is synced to disk before the append returns. The default.</summary>
    Full,

    /// <summary>
    /// Commits are synced at checkpoints only. Faster, and the file never corrupts, but in WAL
    /// mode a power loss or OS crash may lose the last committed appends (a process crash loses nothing).
    /// </summary>
    Normal,
}
