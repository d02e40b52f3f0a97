using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sql = EventFramework.Sqlite.SqliteOutboxStatements;
using Statements = EventFramework.Sqlite.SqliteProjectionStatements;

namespace EventFramework;

/// <summary>
/// The transactional outbox in the event store's SQLite file: <see cref="Enqueue(SqliteTransaction, IReadOnlyList{OutboxMessage}, CancellationToken)"/>
/// writes messages in the caller's write transaction (with its events or read-model changes), and
/// relays read them in commit order. SQLite has one writer at a time, so a position is never
/// handed out before an earlier one is committed: relays cannot skip a message.
/// </summary>
public sealed class SqliteOutbox : IOutboxStore
{
    private readonly SqliteEventStore _store;

    /// <summary>An outbox in <paramref name="store"/>'s file; the store's migrations create its tables.</summary>
    public SqliteOutbox(SqliteEventStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>
    /// Wakes relays after a write in this process: the store's own signal, which appends (with their
    /// messages) raise; other processes' messages are found by polling.
    /// </summary>
    public ChangeSignal Changes => _store.Changes;

    /// <summary>
    /// Writes <paramref name="messages"/> in <paramref name="transaction"/>: they exist exactly when it
    /// commits. Call <see cref="ChangeSignal.Notify"/> on <see cref="Changes"/> after the commit to wake relays at once.
    /// </summary>
    public Task Enqueue(SqliteTransaction transaction, IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(transaction);
        Write(transaction.Connection!, messages);
        return Task.CompletedTask;
    }

    /// <summary>Writes <paramref name="messages"/> in the connection's open write transaction.</summary>
    internal static void Write(SqliteConnection connection, IReadOnlyList<OutboxMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0) return;
        // One command for the batch, its parameters rebound per message.
        using var insert = Statements.Command(connection, Sql.Enqueue, ("$id", null), ("$destination", null), ("$key", null), ("$type", null),
            ("$payload", null), ("$headers", null), ("$created", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        foreach (var m in messages)
        {
            insert.Parameters["$id"].Value = SqliteEventStore.ToBytes(m.MessageId);
            insert.Parameters["$destination"].Value = m.Destination;
            insert.Parameters["$key"].Value = m.Key;
            insert.Parameters["$type"].Value = m.Type;
            insert.Parameters["$payload"].Value = m.Payload;
            insert.Parameters["$headers"].Value = JsonSerializer.Serialize(m.Headers);
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Writes <paramref name="messages"/> in a write transaction of their own.</summary>
    public async Task Enqueue(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0) return;
        await _store.Write("enqueue", (transaction, _) =>
        {
            Write(transaction.Connection!, messages);
            return Task.FromResult(true);
        }, ct).ConfigureAwait(false);
        Changes.Notify();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredOutboxMessage>> ReadAfter(LogPosition after, int maxCount, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return _store.Read<IReadOnlyList<StoredOutboxMessage>>("read outbox", connection =>
        {
            using var query = Statements.Command(connection, Sql.ReadAfter, ("$after", after.Sequence), ("$limit", maxCount));
            using var reader = query.ExecuteReader();
            var messages = new List<StoredOutboxMessage>();
            while (reader.Read()) messages.Add(ReadMessage(reader));
            return messages;
        }, ct);
    }

    /// <inheritdoc />
    public Task<LogPosition?> LoadPosition(string relay, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relay);
        return _store.Read("load relay position", connection =>
        {
            using var query = Statements.Command(connection, Sql.LoadPosition, ("$relay", relay));
            using var reader = query.ExecuteReader();
            return reader.Read() ? new LogPosition((ulong)reader.GetInt64(0), reader.GetInt64(1)) : (LogPosition?)null;
        }, ct);
    }

    /// <inheritdoc />
    public Task<bool> Advance(string relay, LogPosition? expected, LogPosition next, IReadOnlyList<DeadLetter> deadLetters, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relay);
        ArgumentNullException.ThrowIfNull(deadLetters);
        return _store.Write("advance relay", (transaction, _) =>
        {
            var connection = transaction.Connection!;
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var moved = expected is { } e
                ? Statements.Execute(connection, Sql.MovePosition, ("$relay", relay), ("$commit", (long)next.Commit), ("$sequence", next.Sequence), ("$now", now),
                    ("$expected_commit", (long)e.Commit), ("$expected_sequence", e.Sequence))
                : Statements.Execute(connection, Sql.InsertPosition, ("$relay", relay), ("$commit", (long)next.Commit), ("$sequence", next.Sequence), ("$now", now));
            if (moved != 1) return Task.FromResult(false);
            foreach (var d in deadLetters)
            {
                var m = d.Message.Message;
                Statements.Execute(connection, Sql.DeadLetter, ("$relay", relay), ("$id", SqliteEventStore.ToBytes(m.MessageId)),
                    ("$position", d.Message.Position.Sequence), ("$destination", m.Destination), ("$key", m.Key), ("$type", m.Type),
                    ("$payload", m.Payload), ("$headers", JsonSerializer.Serialize(m.Headers)), ("$reason", d.Reason), ("$at", d.At.ToUnixTimeMilliseconds()));
            }
            return Task.FromResult(true);
        }, ct);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetter>> LoadDeadLetters(string relay, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relay);
        return _store.Read<IReadOnlyList<DeadLetter>>("load dead letters", connection =>
        {
            using var query = Statements.Command(connection, Sql.LoadDeadLetters, ("$relay", relay));
            using var reader = query.ExecuteReader();
            var letters = new List<DeadLetter>();
            while (reader.Read())
                letters.Add(new DeadLetter(relay, ReadMessage(reader), reader.GetString(7), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8))));
            return letters;
        }, ct);
    }

    /// <summary>
    /// Deletes the messages every relay of this outbox has published (or dead-lettered, with a copy)
    /// and that are older than <paramref name="keep"/>; returns how many. Nothing goes before the
    /// slowest relay acknowledged it, and nothing at all while no relay has recorded a position.
    /// </summary>
    public async Task<int> DeleteRelayed(TimeSpan keep, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, TimeSpan.Zero);
        var deleted = 0;
        await _store.Write("delete relayed messages", (transaction, _) =>
        {
            deleted = Statements.Execute(transaction.Connection!, Sql.DeleteRelayed, ("$before", (DateTimeOffset.UtcNow - keep).ToUnixTimeMilliseconds()));
            return Task.FromResult(true);
        }, ct).ConfigureAwait(false);
        return deleted;
    }

    private static StoredOutboxMessage ReadMessage(SqliteDataReader reader) => new(
        new OutboxMessage(
            SqliteEventStore.ReadId(reader, 0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetFieldValue<byte[]>(4),
            JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(5)) ?? []),
        new LogPosition(0, reader.GetInt64(6)));
}
