using Microsoft.Data.Sqlite;
using Sql = EventFramework.Sqlite.Sagas.SqliteSagaStatements;
using Statements = EventFramework.Sqlite.SqliteProjectionStatements;

namespace EventFramework.Sqlite.Sagas;

/// <summary>
/// One saga transaction: a write session of the store's file, so it is the only writer until it
/// commits or is disposed. Claimed timeouts need no row locks: no other transaction can run meanwhile.
/// </summary>
internal sealed class SqliteSagaTransaction(SqliteWriteSession session, ChangeSignal changes) : ISagaTransaction
{
    private readonly long _now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private bool _wroteOutbox;

    private SqliteConnection Connection => session.Connection;

    public Task<bool> MoveCheckpoint(string key, LogPosition? expected, LogPosition next, CancellationToken ct = default) => Run("move saga checkpoint", () =>
        (expected is { } from
            ? Statements.Execute(Connection, Sql.MoveCheckpoint, ("$key", key), ("$commit", (long)next.Commit), ("$sequence", next.Sequence), ("$now", _now),
                ("$expected_commit", (long)from.Commit), ("$expected_sequence", from.Sequence))
            : Statements.Execute(Connection, Sql.InsertCheckpoint, ("$key", key), ("$commit", (long)next.Commit), ("$sequence", next.Sequence), ("$now", _now))) == 1);

    public Task<IReadOnlyList<DueTimeout>> ClaimDueTimeouts(string sagaType, int maxCount, CancellationToken ct = default) => Run("claim saga timeouts", () =>
    {
        using var query = Statements.Command(Connection, Sql.ClaimDue, ("$type", sagaType), ("$now", _now), ("$limit", maxCount));
        using var reader = query.ExecuteReader();
        var due = new List<DueTimeout>();
        while (reader.Read()) due.Add(SqliteSagaRows.Timeout(reader));
        return (IReadOnlyList<DueTimeout>)due;
    });

    public Task<IReadOnlyDictionary<string, SagaRecord>> Load(string sagaType, IReadOnlyCollection<string> sagaIds, CancellationToken ct = default) => Run("load sagas", () =>
    {
        var sagas = new Dictionary<string, SagaRecord>(StringComparer.Ordinal);
        using var query = Statements.Command(Connection, Sql.Load, ("$type", sagaType), ("$id", ""));
        foreach (var id in sagaIds)
        {
            query.Parameters["$id"].Value = id;
            using var reader = query.ExecuteReader();
            if (reader.Read()) sagas[id] = SqliteSagaRows.Saga(reader);
        }
        return (IReadOnlyDictionary<string, SagaRecord>)sagas;
    });

    public Task<IReadOnlySet<Guid>> Handled(string sagaType, IReadOnlyCollection<Guid> messageIds, CancellationToken ct = default) => Run("load saga inbox", () =>
    {
        var handled = new HashSet<Guid>();
        using var query = Statements.Command(Connection, Sql.Handled, ("$type", sagaType), ("$id", Array.Empty<byte>()));
        foreach (var id in messageIds)
        {
            query.Parameters["$id"].Value = SqliteEventStore.ToBytes(id);
            if (query.ExecuteScalar() is not null) handled.Add(id);
        }
        return (IReadOnlySet<Guid>)handled;
    });

    public Task Save(SagaChanges changes, CancellationToken ct = default) => Run("save sagas", () =>
    {
        var c = Connection;
        foreach (var id in changes.Fired) Statements.Execute(c, Sql.DeleteFired, ("$id", SqliteEventStore.ToBytes(id)));
        foreach (var t in changes.Cancel) Statements.Execute(c, Sql.Cancel, ("$type", t.SagaType), ("$id", t.SagaId), ("$name", t.Name));
        foreach (var f in changes.Finished)
        {
            Statements.Execute(c, Sql.FinishTimeouts, ("$type", f.SagaType), ("$id", f.SagaId));
            Statements.Execute(c, Sql.FinishInbox, ("$type", f.SagaType), ("$id", f.SagaId));
        }
        foreach (var w in changes.Sagas)
        {
            var r = w.Record;
            ReadOnlySpan<(string, object?)> values =
            [
                ("$type", r.SagaType), ("$id", r.SagaId), ("$version", r.Version), ("$status", r.Status.ToString()), ("$reason", r.Reason),
                ("$state", r.State), ("$compensations", r.Compensations), ("$now", _now), ("$expected", w.ExpectedVersion),
            ];
            var written = w.ExpectedVersion == 0 ? Statements.Execute(c, Sql.Insert, values[..^1]) : Statements.Execute(c, Sql.Update, values);
            if (written != 1)
                throw new SagaConcurrencyException($"Saga {r.SagaType}/{r.SagaId} is no longer at version {w.ExpectedVersion}; the batch is retried.");
        }
        foreach (var t in changes.Schedule)
        {
            Statements.Execute(c, Sql.Schedule, ("$type", t.SagaType), ("$id", t.SagaId), ("$name", t.Name), ("$timeout", SqliteEventStore.ToBytes(t.TimeoutId)),
                ("$due", _now + (long)t.Delay.TotalMilliseconds), ("$payload_type", t.Type), ("$payload", t.Payload), ("$now", _now));
        }
        if (changes.Outbox.Count > 0)
        {
            SqliteOutbox.Write(c, changes.Outbox);
            _wroteOutbox = true;
        }
        foreach (var i in changes.Inbox)
            Statements.Execute(c, Sql.Inbox, ("$type", i.SagaType), ("$message", SqliteEventStore.ToBytes(i.MessageId)), ("$id", i.SagaId));
        foreach (var h in changes.History)
        {
            Statements.Execute(c, Sql.History, ("$type", h.SagaType), ("$id", h.SagaId), ("$version", h.Version), ("$message_type", h.MessageType),
                ("$message", SqliteEventStore.ToBytes(h.MessageId)), ("$status", h.Status.ToString()), ("$now", _now));
        }
        return true;
    });

    public Task Commit(CancellationToken ct = default) => Run("commit sagas", () =>
    {
        session.Commit();
        if (_wroteOutbox) changes.Notify(); // relays of this process wake at once
        return true;
    });

    public ValueTask DisposeAsync()
    {
        session.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Failures of the file become <see cref="EventStoreUnavailableException"/>; a unique key already taken, <see cref="SagaConcurrencyException"/>.</summary>
    private static Task<T> Run<T>(string operation, Func<T> work)
    {
        try
        {
            return Task.FromResult(work());
        }
        catch (Exception e) when (SqliteEventStore.IsInfrastructureFailure(e))
        {
            throw new EventStoreUnavailableException(SqliteEventStore.StoreName, operation, e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_CONSTRAINT)
        {
            throw new SagaConcurrencyException($"The {operation} met a row another transaction wrote ({e.Message}); the batch is retried.", e);
        }
    }
}
