using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace EventFramework.Sqlite;

/// <summary>The store's queries, in one place; the schema itself lives in the numbered Scripts/*.sql.</summary>
internal static class SqliteStatements
{
    private const string EventColumns = "event_id, stream, stream_position, global_position, type, data, metadata, created";

    public const string MigrationsTable = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, applied INTEGER NOT NULL) STRICT";
    public const string HasMigrationsTable = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
    public const string AppliedMigrations = "SELECT version FROM schema_migrations";
    public const string RecordMigration = "INSERT INTO schema_migrations (version, applied) VALUES ($version, $applied)";

    public const string StreamState = "SELECT version, deleted FROM streams WHERE name = $stream";
    public const string InsertEvent =
        "INSERT INTO events (event_id, stream, stream_position, type, data, metadata, created) VALUES ($id, $stream, $position, $type, $data, $metadata, $created)";
    public const string LastInsertedPosition = "SELECT last_insert_rowid()";
    public const string SetVersion = "INSERT INTO streams (name, version) VALUES ($stream, $version) ON CONFLICT (name) DO UPDATE SET version = excluded.version";

    public const string ReadForward = $"SELECT {EventColumns} FROM events WHERE stream = $stream AND stream_position >= $from ORDER BY stream_position LIMIT $max";
    public const string ReadBackward = $"SELECT {EventColumns} FROM events WHERE stream = $stream AND stream_position <= $from ORDER BY stream_position DESC LIMIT $max";
    public const string CountAfter = "SELECT count(*) FROM events WHERE global_position > $after";

    public const string ReadAll = $"SELECT {EventColumns} FROM events WHERE global_position > $after ORDER BY global_position LIMIT $max";
    public const string FindEvent = $"SELECT {EventColumns} FROM events WHERE event_id = $id";

    public const string DeleteEvents = "DELETE FROM events WHERE stream = $stream";
    public const string Tombstone = "INSERT INTO streams (name, version, deleted) VALUES ($stream, -1, 1) ON CONFLICT (name) DO UPDATE SET deleted = 1";
    public const string TruncateEvents = "DELETE FROM events WHERE stream = $stream AND stream_position < $before";

    /// <summary>
    /// The largest id list looked up in one statement. Kept short because Microsoft.Data.Sqlite binds
    /// each parameter by name, a linear search in SQLite: lists of 500 cost about 1 µs per event more.
    /// </summary>
    public const int MaxIdsPerLookup = 50;

    private static readonly ConcurrentDictionary<int, string> StoredIdsByCount = new();
    private static readonly string[] IdParameters = [.. Enumerable.Range(0, MaxIdsPerLookup).Select(i => string.Create(CultureInfo.InvariantCulture, $"$id{i}"))];

    /// <summary>The name of the <paramref name="index"/>th parameter of <see cref="StoredIds"/>.</summary>
    public static string IdParameter(int index) => IdParameters[index];

    /// <summary>Where the given ids ($id0 … $id{count-1}) are stored, if anywhere.</summary>
    public static string StoredIds(int count) => StoredIdsByCount.GetOrAdd(count, static n =>
    {
        var sql = new StringBuilder("SELECT event_id, stream, stream_position, global_position FROM events WHERE event_id IN (");
        for (var i = 0; i < n; i++) sql.Append(i == 0 ? "" : ", ").Append(IdParameters[i]);
        return sql.Append(')').ToString();
    });
}
