using Npgsql;
using static EventFramework.Postgres.PostgresErrors;

namespace EventFramework.Postgres.Sagas;

/// <summary>
/// One saga transaction on one connection. <see cref="Save"/> sends every write in one round trip
/// (an <see cref="NpgsqlBatch"/>) and checks the row counts of the versioned writes afterwards.
/// </summary>
internal sealed class PostgresSagaTransaction(SagaSql sql, string enqueueSql, NpgsqlConnection connection, NpgsqlTransaction transaction) : ISagaTransaction
{
    public Task<bool> MoveCheckpoint(string key, LogPosition? expected, LogPosition next, CancellationToken ct = default) => Run("move saga checkpoint", async () =>
    {
        await using var cmd = new NpgsqlCommand(expected is null ? sql.InsertCheckpoint : sql.MoveCheckpoint, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        PositionParameters.Add(cmd.Parameters, next);
        if (expected is { } from) PositionParameters.Add(cmd.Parameters, from);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    });

    public Task<IReadOnlyList<DueTimeout>> ClaimDueTimeouts(string sagaType, int maxCount, CancellationToken ct = default) => Run("claim saga timeouts", async () =>
    {
        await using var cmd = new NpgsqlCommand(sql.ClaimDue, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sagaType });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var due = new List<DueTimeout>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) due.Add(PostgresSagaRows.Timeout(reader));
        return (IReadOnlyList<DueTimeout>)due;
    });

    public Task<IReadOnlyDictionary<string, SagaRecord>> Load(string sagaType, IReadOnlyCollection<string> sagaIds, CancellationToken ct = default) => Run("load sagas", async () =>
    {
        await using var cmd = new NpgsqlCommand(sql.Load, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sagaType });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. sagaIds] });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var sagas = new Dictionary<string, SagaRecord>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var record = PostgresSagaRows.Saga(reader);
            sagas[record.SagaId] = record;
        }
        return (IReadOnlyDictionary<string, SagaRecord>)sagas;
    });

    public Task<IReadOnlySet<Guid>> Handled(string sagaType, IReadOnlyCollection<Guid> messageIds, CancellationToken ct = default) => Run("load saga inbox", async () =>
    {
        await using var cmd = new NpgsqlCommand(sql.Handled, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sagaType });
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. messageIds] });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var handled = new HashSet<Guid>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) handled.Add(reader.GetGuid(0));
        return (IReadOnlySet<Guid>)handled;
    });

    public Task Save(SagaChanges changes, CancellationToken ct = default) => Run("save sagas", async () =>
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (changes.Fired.Count > 0) Add(batch, sql.DeleteFired, changes.Fired.ToArray());
        if (changes.Cancel.Count > 0)
            Add(batch, sql.Cancel, Texts(changes.Cancel, c => c.SagaType), Texts(changes.Cancel, c => c.SagaId), Texts(changes.Cancel, c => c.Name));
        if (changes.Finished.Count > 0)
        {
            Add(batch, sql.FinishTimeouts, Texts(changes.Finished, f => f.SagaType), Texts(changes.Finished, f => f.SagaId));
            Add(batch, sql.FinishInbox, Texts(changes.Finished, f => f.SagaType), Texts(changes.Finished, f => f.SagaId));
        }

        var updates = changes.Sagas.Where(w => w.ExpectedVersion > 0).ToList();
        var inserts = changes.Sagas.Where(w => w.ExpectedVersion == 0).ToList();
        var updateAt = updates.Count > 0 ? (int?)Add(batch, sql.Update, [.. SagaParameters(updates), .. new object[] { updates.Select(u => u.ExpectedVersion).ToArray() }]) : null;
        var insertAt = inserts.Count > 0 ? (int?)Add(batch, sql.Insert, SagaParameters(inserts)) : null;

        if (changes.Schedule.Count > 0)
        {
            var s = changes.Schedule;
            Add(batch, sql.Schedule, Texts(s, t => t.SagaType), Texts(s, t => t.SagaId), Texts(s, t => t.Name),
                s.Select(t => t.TimeoutId).ToArray(), s.Select(t => t.Delay.TotalMilliseconds).ToArray(), Texts(s, t => t.Type), s.Select(t => t.Payload).ToArray());
        }
        if (changes.Outbox.Count > 0)
        {
            var enqueue = new NpgsqlBatchCommand(enqueueSql);
            OutboxSql.AddMessages(enqueue.Parameters, changes.Outbox);
            batch.BatchCommands.Add(enqueue);
        }
        if (changes.Inbox.Count > 0)
            Add(batch, sql.Inbox, Texts(changes.Inbox, i => i.SagaType), changes.Inbox.Select(i => i.MessageId).ToArray(), Texts(changes.Inbox, i => i.SagaId));
        if (changes.History.Count > 0)
        {
            var h = changes.History;
            Add(batch, sql.History, Texts(h, e => e.SagaType), Texts(h, e => e.SagaId), h.Select(e => e.Version).ToArray(),
                Texts(h, e => e.MessageType), h.Select(e => e.MessageId).ToArray(), Texts(h, e => e.Status.ToString()));
        }
        if (batch.BatchCommands.Count == 0) return true;

        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        if (updateAt is { } u && batch.BatchCommands[u].RecordsAffected != updates.Count
            || insertAt is { } i && batch.BatchCommands[i].RecordsAffected != inserts.Count)
            throw new SagaConcurrencyException($"Another transaction changed one of {changes.Sagas.Count} sagas first; the batch is retried.");
        return true;
    });

    public Task Commit(CancellationToken ct = default) => Run("commit sagas", async () =>
    {
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    });

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync().ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Connection failures become <see cref="EventStoreUnavailableException"/>; a lost race
    /// (deadlock, serialization failure, a unique key another transaction took first) becomes
    /// <see cref="SagaConcurrencyException"/>, which the engine retries.
    /// </summary>
    private static async Task<T> Run<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await Guard(operation, call).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation)
        {
            throw new SagaConcurrencyException($"The {operation} lost a race with another transaction ({ex.SqlState}: {ex.MessageText}); the batch is retried.", ex);
        }
    }

    private static object[] SagaParameters(IReadOnlyList<SagaWrite> writes) =>
    [
        Texts(writes, w => w.Record.SagaType), Texts(writes, w => w.Record.SagaId), writes.Select(w => w.Record.Version).ToArray(),
        Texts(writes, w => w.Record.Status.ToString()), writes.Select(w => w.Record.Reason).ToArray(), Texts(writes, w => w.Record.State), Texts(writes, w => w.Record.Compensations),
    ];

    private static string[] Texts<T>(IReadOnlyList<T> items, Func<T, string> select) => [.. items.Select(select)];

    private static int Add(NpgsqlBatch batch, string text, params object[] values)
    {
        var command = new NpgsqlBatchCommand(text);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        batch.BatchCommands.Add(command);
        return batch.BatchCommands.Count - 1;
    }
}
