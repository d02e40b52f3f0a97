using System.Text.Json;
using EventFramework.Store;
using Npgsql;
using static EventFramework.Postgres.PostgresErrors;
using EventFramework.Postgres;

namespace EventFramework;

/// <summary>
/// The transactional outbox on PostgreSQL: <see cref="Enqueue(NpgsqlTransaction, IReadOnlyList{OutboxMessage}, CancellationToken)"/>
/// writes messages in the caller's transaction (with its events), and relays read them in commit
/// order without gaps. Tables are created by the store's migrations (<see cref="PostgresEventStore.Migrate"/>).
/// </summary>
public sealed class PostgresOutbox : IOutboxStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly OutboxSql _sql;

    /// <summary>An outbox in <paramref name="schema"/> (the store's schema).</summary>
    public PostgresOutbox(NpgsqlDataSource dataSource, string schema = "eventframework")
    {
        EmbeddedSqlScripts.RequireSafeSchema(schema, nameof(schema));
        _dataSource = dataSource;
        _sql = new OutboxSql(schema);
    }

    /// <summary>Writes <paramref name="messages"/> in the caller's transaction: they exist exactly when it commits.</summary>
    public async Task Enqueue(NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (messages.Count == 0) return;
        await using var cmd = new NpgsqlCommand(_sql.Enqueue, transaction.Connection, transaction);
        OutboxSql.AddMessages(cmd.Parameters, messages);
        await Guard("enqueue", () => cmd.ExecuteNonQueryAsync(ct)).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="messages"/> in a transaction of their own.</summary>
    public async Task Enqueue(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        await using var connection = await Guard("enqueue", () => _dataSource.OpenConnectionAsync(ct).AsTask()).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await Enqueue(transaction, messages, ct).ConfigureAwait(false);
        await Guard("enqueue", () => transaction.CommitAsync(ct)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredOutboxMessage>> ReadAfter(LogPosition after, int maxCount, CancellationToken ct = default) => Guard("read outbox", async () =>
    {
        await using var cmd = _dataSource.CreateCommand(_sql.ReadAfter);
        PositionParameters.Add(cmd.Parameters, after);
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var messages = new List<StoredOutboxMessage>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) messages.Add(ReadMessage(reader));
        return (IReadOnlyList<StoredOutboxMessage>)messages;
    });

    /// <inheritdoc />
    public Task<LogPosition?> LoadPosition(string relay, CancellationToken ct = default) => Guard("load relay position", async () =>
    {
        await using var cmd = _dataSource.CreateCommand(_sql.LoadPosition);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = relay });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? new LogPosition(reader.GetFieldValue<ulong>(0), reader.GetInt64(1)) : (LogPosition?)null;
    });

    /// <inheritdoc />
    public Task<bool> Advance(string relay, LogPosition? expected, LogPosition next, IReadOnlyList<DeadLetter> deadLetters, CancellationToken ct = default) => Guard("advance relay", async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var move = new NpgsqlCommand(expected is null ? _sql.InsertPosition : _sql.MovePosition, connection, transaction))
        {
            move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = relay });
            PositionParameters.Add(move.Parameters, next);
            if (expected is { } e)
            {
                PositionParameters.Add(move.Parameters, e);
            }
            if (await move.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1) return false; // disposing rolls back
        }
        if (deadLetters.Count > 0)
        {
            await using var dead = new NpgsqlCommand(_sql.DeadLetter, connection, transaction);
            OutboxSql.AddDeadLetters(dead.Parameters, relay, deadLetters);
            await dead.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetter>> LoadDeadLetters(string relay, CancellationToken ct = default) => Guard("load dead letters", async () =>
    {
        await using var cmd = _dataSource.CreateCommand(_sql.LoadDeadLetters);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = relay });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var letters = new List<DeadLetter>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            letters.Add(new DeadLetter(relay, ReadMessage(reader), reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9)));
        return (IReadOnlyList<DeadLetter>)letters;
    });

    /// <summary>
    /// Deletes the messages every relay of this outbox has published (or dead-lettered, with a copy)
    /// and that are older than <paramref name="keep"/>; returns how many. Nothing goes before the
    /// slowest relay acknowledged it, and nothing at all while no relay has recorded a position.
    /// </summary>
    public Task<int> DeleteRelayed(TimeSpan keep, CancellationToken ct = default) => Guard("delete relayed messages", async () =>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, TimeSpan.Zero);
        await using var cmd = _dataSource.CreateCommand(_sql.DeleteRelayed);
        cmd.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = keep });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    });

    private static StoredOutboxMessage ReadMessage(NpgsqlDataReader reader) => new(
        new OutboxMessage(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetFieldValue<byte[]>(4),
            JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(5)) ?? []),
        new LogPosition(reader.GetFieldValue<ulong>(6), reader.GetInt64(7)));
}
