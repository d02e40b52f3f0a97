using Microsoft.Data.Sqlite;
using Sql = EventFramework.Sqlite.Sagas.SqliteSagaStatements;
using Statements = EventFramework.Sqlite.SqliteProjectionStatements;

namespace EventFramework.Sqlite.Sagas;

/// <summary>
/// One saga transaction inside a store write (<see cref="SqliteEventStore.Write"/>): the write runs
/// until <see cref="Commit"/> (or dispose, which rolls back) completes <paramref name="finish"/>.
/// </summary>
internal sealed class SqliteSagaTransaction(SqliteTransaction transaction, TaskCompletionSource<bool> finish, Task<bool> write, Func<DateTimeOffset> clock, ChangeSignal changes) : ISagaTransaction
{
    private readonly SqliteConnection _connection = transaction.Connection!;
    private bool _wroteOutbox;

    public Task<bool> MoveCheckpoint(string key, LogPosition? expected, LogPosition next, CancellationToken ct = default) => Run("move saga checkpoint", () =>
    {
        var now = clock().ToUnixTimeMilliseconds();
        var commit = unchecked((long)next.Commit);
        return expected is { } from
            ? Statements.Execute(_connection, Sql.MoveCheckpoint, ("$key", key), ("$commit", commit), ("$sequence", next.Sequence), ("$now", now),
                ("$expected_commit", unchecked((long)from.Commit)), ("$expected_sequence", from.Sequence)) == 1
            : Statements.Execute(_connection, Sql.CreateCheckpoint, ("$key", key), ("$commit", commit), ("$sequence", next.Sequence), ("$now", now)) == 1;
    });

    public Task<IReadOnlyList<DueTimeout>> ClaimDueTimeouts(string sagaType, int maxCount, CancellationToken ct = default) => Run<IReadOnlyList<DueTimeout>>("claim saga timeouts", () =>
    {
        using var query = Statements.Command(_connection, Sql.ClaimDue, ("$type", sagaType), ("$now", clock().ToUnixTimeMilliseconds()), ("$limit", maxCount));
        using var reader = query.ExecuteReader();
        var due = new List<DueTimeout>();
        while (reader.Read()) due.Add(SqliteSagaRows.Timeout(reader));
        return due;
    });

    public Task<IReadOnlyDictionary<string, SagaRecord>> Load(string sagaType, IReadOnlyCollection<string> sagaIds, CancellationToken ct = default) => Run<IReadOnlyDictionary<string, SagaRecord>>("load sagas", () =>
    {
        var sagas = new Dictionary<string, SagaRecord>(StringComparer.Ordinal);
        using var query = Statements.Command(_connection, Sql.Load, ("$type", sagaType), ("$id", ""));
        foreach (var id in sagaIds)
        {
            query.Parameters["$id"].Value = id;
            using var reader = query.ExecuteReader();
            if (reader.Read()) sagas[id] = SqliteSagaRows.Saga(reader);
        }
        return sagas;
    });

    public Task<IReadOnlySet<Guid>> Handled(string sagaType, IReadOnlyCollection<Guid> messageIds, CancellationToken ct = default) => Run<IReadOnlySet<Guid>>("load saga inbox", () =>
    {
        var handled = new HashSet<Guid>();
        using var query = Statements.Command(_connection, Sql.Handled, ("$type", sagaType), ("$id", Array.Empty<byte>()));
        foreach (var id in messageIds)
        {
            query.Parameters["$id"].Value = SqliteEventStore.ToBytes(id);
            if (query.ExecuteScalar() is not null) handled.Add(id);
        }
        return handled;
    });

    public Task Save(SagaChanges changes, CancellationToken ct = default) => Run("save sagas", () =>
    {
        var now = clock().ToUnixTimeMilliseconds();
        foreach (var id in changes.Fired) Statements.Execute(_connection, Sql.DeleteFired, ("$id", SqliteEventStore.ToBytes(id)));
        foreach (var c in changes.Cancel) Statements.Execute(_connection, Sql.Cancel, ("$type", c.SagaType), ("$id", c.SagaId), ("$name", c.Name));
        foreach (var f in changes.Finished)
        {
            Statements.Execute(_connection, Sql.FinishTimeouts, ("$type", f.SagaType), ("$id", f.SagaId));
            Statements.Execute(_connection, Sql.FinishInbox, ("$type", f.SagaType), ("$id", f.SagaId));
        }
        foreach (var w in changes.Sagas)
        {
            var r = w.Record;
            var written = w.ExpectedVersion == 0
                ? Statements.Execute(_connection, Sql.Insert, ("$type", r.SagaType), ("$id", r.SagaId), ("$version", r.Version), ("$status", r.Status.ToString()),
                    ("$reason", r.Reason), ("$state", r.State), ("$compensations", r.Compensations), ("$now", now))
                : Statements.Execute(_connection, Sql.Update, ("$type", r.SagaType), ("$id", r.SagaId), ("$version", r.Version), ("$status", r.Status.ToString()),
                    ("$reason", r.Reason), ("$state", r.State), ("$compensations", r.Compensations), ("$now", now), ("$expected", w.ExpectedVersion));
            if (written != 1) throw new SagaConcurrencyException($"Saga '{r.SagaId}' of '{r.SagaType}' is no longer at version {w.ExpectedVersion}; the batch is retried.");
        }
        foreach (var t in changes.Schedule)
            Statements.Execute(_connection, Sql.Schedule, ("$type", t.SagaType), ("$id", t.SagaId), ("$name", t.Name), ("$timeout_id", SqliteEventStore.ToBytes(t.TimeoutId)),
                ("$due_at", now + (long)t.Delay.TotalMilliseconds), ("$payload_type", t.Type), ("$payload", t.Payload));
        if (changes.Outbox.Count > 0)
        {
            SqliteOutbox.Write(_connection, changes.Outbox);
            _wroteOutbox = true;
        }
        foreach (var i in changes.Inbox)
            Statements.Execute(_connection, Sql.Inbox, ("$type", i.SagaType), ("$message_id", SqliteEventStore.ToBytes(i.MessageId)), ("$id", i.SagaId));
        foreach (var h in changes.History)
            Statements.Execute(_connection, Sql.History, ("$type", h.SagaType), ("$id", h.SagaId), ("$version", h.Version), ("$message_type", h.MessageType),
                ("$message_id", SqliteEventStore.ToBytes(h.MessageId)), ("$status", h.Status.ToString()), ("$now", now));
        return true;
    });

    public async Task Commit(CancellationToken ct = default)
    {
        if (!finish.TrySetResult(true)) throw new InvalidOperationException("The saga transaction has already ended.");
        await write.ConfigureAwait(false);
        if (_wroteOutbox) changes.Notify(); // wakes relays in this process
    }

    public async ValueTask DisposeAsync()
    {
        if (!finish.TrySetResult(false)) return;
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (EventStoreUnavailableException)
        {
            // Rolled back either way; the error that matters was already thrown to the caller.
        }
    }

    private static Task<T> Run<T>(string operation, Func<T> work)
    {
        try
        {
            return Task.FromResult(work());
        }
        catch (SqliteException ex) when ((ex.SqliteErrorCode & 0xFF) == 19) // SQLITE_CONSTRAINT: a row another writer made first
        {
            throw new SagaConcurrencyException($"The {operation} found a row already there ({ex.Message}); the batch is retried.", ex);
        }
        catch (Exception ex) when (SqliteEventStore.IsInfrastructureFailure(ex))
        {
            throw new EventStoreUnavailableException("SQLite", operation, ex);
        }
    }
}
