namespace EventFramework.Sqlite.Sagas;

/// <summary>The saga store's statements (tables: Scripts/4_Sagas.sql).</summary>
internal static class SqliteSagaStatements
{
    public const string SagaColumns = "saga_type, saga_id, version, status, reason, state, compensations, created, updated";
    public const string TimeoutColumns = "saga_type, saga_id, name, timeout_id, due_at, type, payload";

    public const string LoadCheckpoint = "SELECT commit_id, sequence FROM saga_checkpoints WHERE key = $key";
    public const string InsertCheckpoint =
        "INSERT INTO saga_checkpoints (key, commit_id, sequence, updated) VALUES ($key, $commit, $sequence, $now) ON CONFLICT (key) DO NOTHING";
    public const string MoveCheckpoint =
        "UPDATE saga_checkpoints SET commit_id = $commit, sequence = $sequence, updated = $now " +
        "WHERE key = $key AND commit_id = $expected_commit AND sequence = $expected_sequence";

    public const string ClaimDue = $"SELECT {TimeoutColumns} FROM saga_timeouts WHERE saga_type = $type AND due_at <= $now ORDER BY due_at LIMIT $limit";
    public const string Load = $"SELECT {SagaColumns} FROM sagas WHERE saga_type = $type AND saga_id = $id";
    public const string Handled = "SELECT 1 FROM saga_inbox WHERE saga_type = $type AND message_id = $id";

    public const string DeleteFired = "DELETE FROM saga_timeouts WHERE timeout_id = $id";
    public const string Cancel = "DELETE FROM saga_timeouts WHERE saga_type = $type AND saga_id = $id AND name = $name";
    public const string FinishTimeouts = "DELETE FROM saga_timeouts WHERE saga_type = $type AND saga_id = $id";
    public const string FinishInbox = "DELETE FROM saga_inbox WHERE saga_type = $type AND saga_id = $id";

    public const string Update =
        "UPDATE sagas SET version = $version, status = $status, reason = $reason, state = $state, compensations = $compensations, updated = $now " +
        "WHERE saga_type = $type AND saga_id = $id AND version = $expected";
    public const string Insert =
        "INSERT INTO sagas (saga_type, saga_id, version, status, reason, state, compensations, created, updated) " +
        "VALUES ($type, $id, $version, $status, $reason, $state, $compensations, $now, $now) ON CONFLICT (saga_type, saga_id) DO NOTHING";

    public const string Schedule =
        "INSERT INTO saga_timeouts (saga_type, saga_id, name, timeout_id, due_at, type, payload, scheduled) " +
        "VALUES ($type, $id, $name, $timeout, $due, $payload_type, $payload, $now) ON CONFLICT (saga_type, saga_id, name) DO UPDATE " +
        "SET timeout_id = excluded.timeout_id, due_at = excluded.due_at, type = excluded.type, payload = excluded.payload, scheduled = excluded.scheduled";

    public const string Inbox = "INSERT INTO saga_inbox (saga_type, message_id, saga_id) VALUES ($type, $message, $id)";
    public const string History =
        "INSERT INTO saga_history (saga_type, saga_id, version, message_type, message_id, status, at) VALUES ($type, $id, $version, $message_type, $message, $status, $now)";

    public const string List =
        $"SELECT {SagaColumns} FROM sagas WHERE ($type IS NULL OR saga_type = $type) AND ($status IS NULL OR status = $status) ORDER BY updated DESC LIMIT $limit";
    public const string Find = $"SELECT {SagaColumns} FROM sagas WHERE saga_id = $id ORDER BY saga_type";
    public const string LoadHistory =
        "SELECT saga_type, saga_id, version, message_type, message_id, status, at FROM saga_history WHERE saga_type = $type AND saga_id = $id ORDER BY version";
    public const string Timeouts = $"SELECT {TimeoutColumns} FROM saga_timeouts WHERE saga_type = $type AND saga_id = $id ORDER BY due_at";

    /// <summary>Running, idle since $since, and no timeout due after $since: nothing will move them.</summary>
    public const string Stuck =
        $"SELECT {SagaColumns} FROM sagas s WHERE s.status = 'Running' AND s.updated < $since " +
        "AND NOT EXISTS (SELECT 1 FROM saga_timeouts t WHERE t.saga_type = s.saga_type AND t.saga_id = s.saga_id AND t.due_at >= $since) " +
        "ORDER BY s.updated LIMIT $limit";
}
