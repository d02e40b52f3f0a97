namespace EventFramework.Benchmarks;

/// <summary>
/// INTEGRATION POINT for the SQLite contender of the append suite. The SQLite store is being
/// written on another branch; once it is merged, replace <c>null</c> on the marked line with
/// <c>path =&gt; new EventFramework.Sqlite.SqliteEventStore(new EventFramework.Sqlite.SqliteStoreOptions { Path = path })</c>
/// (adjust the namespace if it differs). Until then the append suite prints "sqlite: not wired"
/// and reports the sqlite figures as null.
/// </summary>
internal static class SqliteWiring
{
    /// <summary>Builds our SQLite store on the given database file path.</summary>
    public static Func<string, IEventStore>? Factory { get; } =
        null; // ← SQLITE: put the factory here
}
