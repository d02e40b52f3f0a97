using System.Text.Json;
using EventFramework.Store;
using Npgsql;
using NpgsqlTypes;
using EventFramework.Postgres;

namespace EventFramework;

/// <summary>
/// What a projection's handlers get from <see cref="PostgresProjectionSink"/>: the connection and
/// transaction of the batch, so their writes commit (or roll back) with the projection's
/// checkpoint. Commands run under the batch's cancellation token.
/// <code>
/// On&lt;Deposited&gt;((db, e, ct) => db.Execute(
///     "insert into balances (account, balance) values ($1, $2) on conflict (account) do update set balance = balances.balance + excluded.balance",
///     e.Account, e.Amount));
/// </code>
/// </summary>
public sealed class PostgresProjectionContext : IDeferredWrites, ISqlProjectionContext
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;
    private readonly CancellationToken _ct;
    private readonly HashSet<string> _documentTables = new(StringComparer.Ordinal);
    private NpgsqlBatch? _deferred;

    internal PostgresProjectionContext(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        Connection = connection;
        Transaction = transaction;
        _ct = ct;
    }

    /// <summary>The batch's connection; commands on it must use <see cref="Transaction"/> (and run after queued writes only through this context's methods).</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>The batch's transaction: the sink commits it with the checkpoint.</summary>
    public NpgsqlTransaction Transaction { get; }

    /// <summary>
    /// Runs <paramref name="sql"/> in the batch's transaction with positional parameters ($1, $2, …);
    /// returns the rows affected. It runs under the batch's cancellation token: pass none.
    /// </summary>
    public async Task<int> Execute(string sql, params object?[] parameters)
    {
        await Flush().ConfigureAwait(false);
        await using var cmd = Command(sql);
        foreach (var value in Parameters(parameters)) cmd.Parameters.Add(value);
        return await cmd.ExecuteNonQueryAsync(_ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues a write (positional parameters, as <see cref="Execute"/>): queued writes go to the
    /// database together, prepared, in one round trip, before the batch's checkpoint commits or
    /// before any other command of this context runs, so order is kept. The fast path for
    /// handlers that only write: a round trip per event is what bounds a catch-up.
    /// </summary>
    public void Defer(string sql, params object?[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in Parameters(parameters)) command.Parameters.Add(value);
        (_deferred ??= new NpgsqlBatch(Connection, Transaction)).BatchCommands.Add(command);
    }

    /// <inheritdoc />
    Task IDeferredWrites.FlushWrites(CancellationToken ct) => Flush();

    /// <summary>Sends the queued writes (see <see cref="Defer"/>), if any.</summary>
    internal async Task Flush()
    {
        if (_deferred is not { } batch) return;
        _deferred = null;
        await using (batch)
        {
            await batch.PrepareAsync(_ct).ConfigureAwait(false);
            await batch.ExecuteNonQueryAsync(_ct).ConfigureAwait(false);
        }
    }

    private static IEnumerable<NpgsqlParameter> Parameters(object?[] values)
    {
        foreach (var value in values)
        {
            if (value is CancellationToken)
                throw new ArgumentException("Commands run under the batch's cancellation token; a CancellationToken is not a SQL parameter.", nameof(values));
            yield return new NpgsqlParameter { Value = value ?? DBNull.Value };
        }
    }

    /// <summary>
    /// Creates the document table <paramref name="table"/> (<c>id text primary key, data jsonb not null</c>)
    /// unless it exists. The name is a lower-case identifier, optionally schema-qualified
    /// (<c>read.accounts</c>); unqualified, it follows the connection's search path.
    /// </summary>
    public async Task EnsureDocumentTable(string table)
    {
        ValidateTable(table);
        await Flush().ConfigureAwait(false);
        if (!_documentTables.Add(table)) return;
        // Two batches creating the same table at once would clash in the catalog: the first
        // creator holds the lock until it commits, and the second then finds the table there.
        await using var batch = new NpgsqlBatch(Connection, Transaction)
        {
            BatchCommands =
            {
                new("select pg_advisory_xact_lock(hashtext('eventframework.document_table.' || $1)) where to_regclass($1) is null")
                {
                    Parameters = { new NpgsqlParameter<string> { TypedValue = table } },
                },
                new($"create table if not exists {table} (id text primary key, data jsonb not null)"),
            },
        };
        await batch.ExecuteNonQueryAsync(_ct).ConfigureAwait(false);
    }

    /// <summary>Stores <paramref name="document"/> (as JSON with web defaults: camelCase) under <paramref name="id"/>, replacing any.</summary>
    public async Task Upsert<T>(string table, string id, T document)
    {
        ValidateTable(table);
        await Flush().ConfigureAwait(false);
        await using var cmd = Command($"insert into {table} (id, data) values ($1, $2) on conflict (id) do update set data = excluded.data");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(document, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await cmd.ExecuteNonQueryAsync(_ct).ConfigureAwait(false);
    }

    /// <summary>The document under <paramref name="id"/>, including this batch's writes; default when there is none.</summary>
    public async Task<T?> Load<T>(string table, string id)
    {
        ValidateTable(table);
        await Flush().ConfigureAwait(false);
        await using var cmd = Command($"select data::text from {table} where id = $1");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        return await cmd.ExecuteScalarAsync(_ct).ConfigureAwait(false) is string json ? JsonSerializer.Deserialize<T>(json, Json) : default;
    }

    /// <summary>Removes the document under <paramref name="id"/>, if any.</summary>
    public async Task Delete(string table, string id)
    {
        ValidateTable(table);
        await Flush().ConfigureAwait(false);
        await using var cmd = Command($"delete from {table} where id = $1");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        await cmd.ExecuteNonQueryAsync(_ct).ConfigureAwait(false);
    }

    private NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);

    /// <summary>Table names are spliced into SQL, so only plain identifiers pass.</summary>
    private static void ValidateTable(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var parts = table.Split('.');
        if (parts.Length > 2 || !parts.All(EmbeddedSqlScripts.IsSafeIdentifier))
            throw new ArgumentException($"The table name '{table}' must be a lower-case SQL identifier, optionally schema-qualified.", nameof(table));
    }
}
