using EventFramework.Postgres;
using EventFramework.Postgres.Sagas;
using EventFramework.Store;
using Npgsql;
using static EventFramework.Postgres.PostgresErrors;

namespace EventFramework;

/// <summary>
/// Sagas on PostgreSQL, in the store's schema beside the outbox: a saga transaction commits the
/// sagas' state (optimistic version), the outbox messages, timeouts, inbox entries and the engine's
/// checkpoint together. Due timeouts are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so any number
/// of engine instances share them. Tables come with <see cref="PostgresEventStore.Migrate"/> (or <see cref="Migrate"/>).
/// </summary>
public sealed partial class PostgresSagaStore : ISagaStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly OutboxSql _outbox;

    /// <summary>A saga store in <paramref name="schema"/> (the store's schema, where the outbox is).</summary>
    public PostgresSagaStore(NpgsqlDataSource dataSource, string schema = "eventframework")
    {
        EmbeddedSqlScripts.RequireSafeSchema(schema, nameof(schema));
        _dataSource = dataSource;
        _schema = schema;
        Sql = new SagaSql(schema);
        _outbox = new OutboxSql(schema);
    }

    internal SagaSql Sql { get; }

    /// <summary>Applies the schema's migrations not applied yet (the same as the store's; idempotent).</summary>
    public Task Migrate(CancellationToken ct = default) => Guard("migrate", () => PostgresMigrations.Apply(_dataSource, _schema, ct));

    /// <inheritdoc />
    public async Task<ISagaTransaction> Begin(CancellationToken ct = default)
    {
        var connection = await Guard("begin saga transaction", () => _dataSource.OpenConnectionAsync(ct).AsTask()).ConfigureAwait(false);
        try
        {
            var transaction = await Guard("begin saga transaction", () => connection.BeginTransactionAsync(ct).AsTask()).ConfigureAwait(false);
            return new PostgresSagaTransaction(Sql, _outbox.Enqueue, connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<LogPosition?> LoadCheckpoint(string key, CancellationToken ct = default) => Guard("load saga checkpoint", async () =>
    {
        await using var cmd = _dataSource.CreateCommand(Sql.LoadCheckpoint);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? new LogPosition(reader.GetFieldValue<ulong>(0), reader.GetInt64(1)) : (LogPosition?)null;
    });
}
