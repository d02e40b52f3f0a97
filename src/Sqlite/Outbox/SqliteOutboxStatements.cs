namespace EventFramework.Sqlite;

/// <summary>The outbox's statements (tables: Scripts/3_Outbox.sql).</summary>
internal static class SqliteOutboxStatements
{
    private const string Columns = "o.message_id, o.destination, o.key, o.type, o.payload, o.headers, o.position";

    public const string Enqueue =
        "INSERT INTO outbox (message_id, destination, key, type, payload, headers, created) VALUES ($id, $destination, $key, $type, $payload, $headers, $created)";

    public const string ReadAfter = $"SELECT {Columns} FROM outbox o WHERE o.position > $after ORDER BY o.position LIMIT $limit";

    public const string LoadPosition = "SELECT commit_id, sequence FROM outbox_relays WHERE relay = $relay";

    public const string InsertPosition =
        "INSERT INTO outbox_relays (relay, commit_id, sequence, updated) VALUES ($relay, $commit, $sequence, $now) ON CONFLICT DO NOTHING";

    public const string MovePosition =
        "UPDATE outbox_relays SET commit_id = $commit, sequence = $sequence, updated = $now " +
        "WHERE relay = $relay AND commit_id = $expected_commit AND sequence = $expected_sequence";

    public const string DeadLetter =
        "INSERT INTO outbox_dead_letters (relay, message_id, position, destination, key, type, payload, headers, reason, dead_at) " +
        "VALUES ($relay, $id, $position, $destination, $key, $type, $payload, $headers, $reason, $at) ON CONFLICT DO NOTHING";

    public const string LoadDeadLetters =
        "SELECT d.message_id, d.destination, d.key, d.type, d.payload, d.headers, d.position, d.reason, d.dead_at " +
        "FROM outbox_dead_letters d WHERE d.relay = $relay ORDER BY d.position";

    public const string DeleteRelayed =
        "DELETE FROM outbox WHERE position <= (SELECT min(sequence) FROM outbox_relays) AND created <= $before";
}
