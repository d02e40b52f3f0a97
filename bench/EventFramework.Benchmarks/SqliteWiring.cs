using EventFramework.Sqlite;

namespace EventFramework.Benchmarks;

/// <summary>Builds the SQLite contender of the append suite on a database file path.</summary>
internal static class SqliteWiring
{
    /// <summary>Our SQLite store on the given file (schema created on first use).</summary>
    public static Func<string, IEventStore>? Factory { get; } =
        path => new SqliteEventStore(new SqliteStoreOptions { Path = path });
}
