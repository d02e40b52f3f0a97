using EventFramework.Sqlite.Sagas;
using Sql = EventFramework.Sqlite.Sagas.SqliteSagaStatements;
using Statements = EventFramework.Sqlite.SqliteProjectionStatements;

namespace EventFramework;

/// <summary>
/// Sagas in the event store's SQLite file, beside its outbox: a saga transaction is one of the
/// store's write transactions (<c>BEGIN IMMEDIATE</c>, one writer at a time), holding the sagas'
/// state, outbox messages, timeouts, inbox entries and the engine's checkpoint. Timeouts are due by
/// this process's clock; the single writer stands in for PostgreSQL's <c>SKIP LOCKED</c>: a claimed
/// timeout is the writer's until it commits. The store's migrations create the tables.
/// </summary>
public sealed partial class SqliteSagaStore : ISagaStore
{
    private readonly SqliteEventStore _store;

    /// <summary>A saga store in <paramref name="store"/>'s file.</summary>
    public SqliteSagaStore(SqliteEventStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>When timeouts are due; tests may move it.</summary>
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    /// <inheritdoc />
    /// <remarks>The transaction holds the file's write lock until it is committed or disposed: keep it short.</remarks>
    public async Task<ISagaTransaction> Begin(CancellationToken ct = default)
    {
        var ready = new TaskCompletionSource<Microsoft.Data.Sqlite.SqliteTransaction>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = _store.Write("saga transaction", async (transaction, _) =>
        {
            ready.SetResult(transaction);
            return await finish.Task.ConfigureAwait(false);
        }, ct);
        if (await Task.WhenAny(ready.Task, write).ConfigureAwait(false) != ready.Task)
        {
            await write.ConfigureAwait(false); // failed before the transaction began: throws
            throw new InvalidOperationException("The SQLite write transaction ended before it began.");
        }
        return new SqliteSagaTransaction(await ready.Task.ConfigureAwait(false), finish, write, Clock, _store.Changes);
    }

    /// <inheritdoc />
    public Task<LogPosition?> LoadCheckpoint(string key, CancellationToken ct = default) =>
        _store.Read("load saga checkpoint", connection =>
        {
            using var query = Statements.Command(connection, Sql.LoadCheckpoint, ("$key", key));
            using var reader = query.ExecuteReader();
            return reader.Read() ? new LogPosition(unchecked((ulong)reader.GetInt64(0)), reader.GetInt64(1)) : (LogPosition?)null;
        }, ct);
}
