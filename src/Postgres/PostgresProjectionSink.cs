using System.Data;
using EventFramework.Store;
using Npgsql;
using static EventFramework.Postgres.PostgresErrors;
using EventFramework.Postgres;

namespace EventFramework;

/// <summary>
/// Projections on PostgreSQL: read-model writes, the checkpoint and parked events commit in one
/// transaction. Handlers write through a <see cref="PostgresProjectionContext"/> over that
/// transaction. The tables are created by <see cref="PostgresEventStore.Migrate"/> (or
/// <see cref="Migrate"/>, for a sink in another database than the store).
/// </summary>
public sealed partial class PostgresProjectionSink : IProjectionSink<PostgresProjectionContext>
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly ProjectionSql _sql;

    /// <summary>A sink whose checkpoints and parked events live in <paramref name="schema"/>.</summary>
    public PostgresProjectionSink(NpgsqlDataSource dataSource, string schema = "eventframework")
    {
        EmbeddedSqlScripts.RequireSafeSchema(schema, nameof(schema));
        _dataSource = dataSource;
        _schema = schema;
        _sql = new ProjectionSql(schema);
    }

    /// <summary>Applies the schema's migrations not applied yet (the same as the store's; idempotent).</summary>
    public Task Migrate(CancellationToken ct = default) => Guard("migrate", () => PostgresMigrations.Apply(_dataSource, _schema, ct));

    /// <inheritdoc />
    public Task<LogPosition?> LoadCheckpoint(string key, CancellationToken ct = default) => Guard("load checkpoint", async () =>
    {
        await using var cmd = _dataSource.CreateCommand(_sql.LoadCheckpoint);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? new LogPosition(reader.GetFieldValue<ulong>(0), reader.GetInt64(1)) : (LogPosition?)null;
    });

    /// <summary>
    /// In one transaction: moves the checkpoint from <paramref name="expected"/> to <paramref name="next"/>
    /// (first, so a stale instance waits on the row, then stops without running its handlers),
    /// runs <paramref name="apply"/>, and stores <paramref name="park"/>. Handler exceptions roll
    /// everything back and propagate as they are, unless the connection itself broke: that is
    /// <see cref="EventStoreUnavailableException"/>, as for any other connection failure.
    /// </summary>
    public Task<bool> Commit(string key, LogPosition? expected, LogPosition next, IReadOnlyList<ParkedEvent> park, Func<PostgresProjectionContext, CancellationToken, Task> apply, CancellationToken ct = default) =>
        InTransaction("projection commit",
            claim: tx => MoveCheckpoint(tx, key, expected, next, ct),
            apply,
            record: tx => Park(tx, park, ct),
            ct);

    /// <summary>
    /// One sink transaction: <paramref name="claim"/> (false: roll back, nothing else runs), the
    /// handlers, then <paramref name="record"/>, which always runs a statement so that a handler
    /// that caught a database error and went on cannot turn the commit into a silent rollback.
    /// </summary>
    private async Task<bool> InTransaction(
        string operation,
        Func<NpgsqlTransaction, Task<bool>> claim,
        Func<PostgresProjectionContext, CancellationToken, Task> apply,
        Func<NpgsqlTransaction, Task> record,
        CancellationToken ct)
    {
        await using var connection = await Guard(operation, () => _dataSource.OpenConnectionAsync(ct).AsTask()).ConfigureAwait(false);
        await using var transaction = await Guard(operation, () => connection.BeginTransactionAsync(ct).AsTask()).ConfigureAwait(false);
        if (!await Guard(operation, () => claim(transaction)).ConfigureAwait(false)) return false; // disposing rolls back

        try
        {
            var context = new PostgresProjectionContext(connection, transaction, ct);
            await apply(context, ct).ConfigureAwait(false);
            await context.Flush().ConfigureAwait(false);
        }
        catch (Exception ex) when (connection.FullState.HasFlag(ConnectionState.Broken) && !(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            throw Unavailable(operation, ex); // the database went away under the handler: not the event's fault
        }

        await Guard(operation, async () =>
        {
            try
            {
                await record(transaction).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InFailedSqlTransaction)
            {
                throw new InvalidOperationException($"A projection handler caught a database error and went on; the {operation} was rolled back. Let handler errors propagate.", ex);
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> MoveCheckpoint(NpgsqlTransaction tx, string key, LogPosition? expected, LogPosition next, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(expected is null ? _sql.InsertCheckpoint : _sql.MoveCheckpoint, tx.Connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        PositionParameters.Add(cmd.Parameters, next);
        if (expected is { } from) PositionParameters.Add(cmd.Parameters, from);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }
}
