using Microsoft.Data.Sqlite;

namespace EventFramework.Sqlite;

/// <summary>The projection sink's and lease's queries; their tables live in Scripts/2_Projections.sql.</summary>
internal static class SqliteProjectionStatements
{
    private const string ParkedColumns =
        "projection, event_id, stream_name, stream_position, commit_id, sequence, event_type, error, parked_at, blocked_by";

    public const string LoadCheckpoint = "SELECT commit_id, sequence FROM projection_checkpoints WHERE key = $key";
    public const string ListCheckpoints = "SELECT key, commit_id, sequence, updated FROM projection_checkpoints ORDER BY key";

    /// <summary>The compare-and-set from no checkpoint: inserts only when there is none.</summary>
    public const string CreateCheckpoint =
        "INSERT INTO projection_checkpoints (key, commit_id, sequence, updated) VALUES ($key, $commit, $sequence, $updated) ON CONFLICT (key) DO NOTHING";

    /// <summary>The compare-and-set from a checkpoint: moves it only when it still is the expected one.</summary>
    public const string MoveCheckpoint =
        "UPDATE projection_checkpoints SET commit_id = $commit, sequence = $sequence, updated = $updated WHERE key = $key AND commit_id = $expected_commit AND sequence = $expected_sequence";

    public const string DeleteCheckpoint = "DELETE FROM projection_checkpoints WHERE key = $key";

    /// <summary>Parking an event again (after a checkpoint reset) replaces its old record.</summary>
    public const string Park =
        $"INSERT INTO projection_parked ({ParkedColumns}, checkpoint_key) VALUES ($projection, $event_id, $stream, $stream_position, $commit, $sequence, $type, $error, $parked_at, $blocked_by, $key) " +
        "ON CONFLICT (projection, event_id) DO UPDATE SET stream_name = excluded.stream_name, stream_position = excluded.stream_position, commit_id = excluded.commit_id, " +
        "sequence = excluded.sequence, event_type = excluded.event_type, error = excluded.error, parked_at = excluded.parked_at, blocked_by = excluded.blocked_by, checkpoint_key = excluded.checkpoint_key";

    public const string LoadParked = $"SELECT {ParkedColumns} FROM projection_parked WHERE projection = $projection ORDER BY commit_id, sequence";
    public const string Unpark = "DELETE FROM projection_parked WHERE projection = $projection AND event_id = $event_id";
    public const string DeleteParkedOf = "DELETE FROM projection_parked WHERE checkpoint_key = $key";

    /// <summary>Every partition's checkpoint of a projection key ("name@vN" and "name@vN/p-of-n").</summary>
    public const string DeleteCheckpointsOfProjection = "DELETE FROM projection_checkpoints WHERE key = $key OR substr(key, 1, length($key) + 1) = $key || '/'";

    public const string DeleteParkedOfProjection = "DELETE FROM projection_parked WHERE projection = $key";

    /// <summary>A document table: JSON by text id. <paramref name="table"/> is quoted and checked by the caller.</summary>
    public static string CreateDocumentTable(string table) => $"CREATE TABLE IF NOT EXISTS {table} (id TEXT NOT NULL PRIMARY KEY, data TEXT NOT NULL) STRICT";
    public static string UpsertDocument(string table) => $"INSERT INTO {table} (id, data) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET data = excluded.data";
    public static string LoadDocument(string table) => $"SELECT data FROM {table} WHERE id = $1";
    public static string DeleteDocument(string table) => $"DELETE FROM {table} WHERE id = $1";

    public const string LoadLease = "SELECT owner, token, expires_at FROM projection_leases WHERE key = $key";
    public const string StoreLease =
        "INSERT INTO projection_leases (key, owner, token, expires_at) VALUES ($key, $owner, $token, $expires_at) " +
        "ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, token = excluded.token, expires_at = excluded.expires_at";
    public const string ExpireLease = "UPDATE projection_leases SET expires_at = $expires_at WHERE key = $key AND owner = $owner AND token = $token";

    /// <summary>A command with named parameters (null binds SQL NULL); it joins the connection's open transaction.</summary>
    public static SqliteCommand Command(SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Runs a statement (in the connection's open transaction); returns the rows changed.</summary>
    public static int Execute(SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }
}
