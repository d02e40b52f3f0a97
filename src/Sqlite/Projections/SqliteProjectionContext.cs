using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using EventFramework.Sqlite;

namespace EventFramework;

/// <summary>
/// What a projection's handlers write through on SQLite: the connection and write transaction of
/// the batch, the same transaction that moves the projection's checkpoint, so the read model and
/// the checkpoint commit or roll back together. Valid only while the handler runs.
/// <code>
/// On&lt;Deposited&gt;((db, e, ct) => db.Execute(
///     "INSERT INTO balances (account, amount) VALUES ($1, $2) ON CONFLICT (account) DO UPDATE SET amount = amount + excluded.amount",
///     e.Account, e.Amount));
/// </code>
/// Commands made with <c>Connection.CreateCommand()</c> join the transaction by themselves.
/// </summary>
public sealed class SqliteProjectionContext : ISqlProjectionContext
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] ParameterNames = [.. Enumerable.Range(1, 16).Select(ParameterName)];

    internal SqliteProjectionContext(SqliteTransaction transaction)
    {
        Transaction = transaction;
        Connection = transaction.Connection ?? throw new ArgumentException("The transaction is already finished.", nameof(transaction));
    }

    /// <summary>The connection of the batch, in the same database file as the events.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>The batch's write transaction (<c>BEGIN IMMEDIATE</c>); the sink commits or rolls it back.</summary>
    public SqliteTransaction Transaction { get; }

    /// <summary>
    /// Runs <paramref name="sql"/> in the batch's transaction and returns the number of rows changed.
    /// Parameters are positional, PostgreSQL-style: <c>$1</c> is <paramref name="parameters"/>[0],
    /// <c>$2</c> the next, and so on; null binds SQL NULL; values bind as Microsoft.Data.Sqlite
    /// binds them (integers, reals, text, blobs; Guid and DateTimeOffset as text). A failure of the
    /// file (disk full, I/O error) throws <see cref="EventStoreUnavailableException"/>.
    /// </summary>
    public async Task<int> Execute(string sql, params object?[] parameters)
    {
        using var command = Command(sql, parameters);
        try
        {
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (SqliteException e) when (SqliteEventStore.IsInfrastructureFailure(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>
    /// Creates the document table <paramref name="table"/> (id text primary key, data JSON text)
    /// unless it exists. The name must be a plain identifier: ASCII letters, digits and underscores.
    /// </summary>
    public Task EnsureDocumentTable(string table) => Execute(SqliteProjectionStatements.CreateDocumentTable(Quote(table)));

    /// <summary>Stores <paramref name="document"/> as JSON (System.Text.Json web defaults) under <paramref name="id"/>, replacing any.</summary>
    public Task Upsert<T>(string table, string id, T document) where T : class =>
        Execute(SqliteProjectionStatements.UpsertDocument(Quote(table)), id, JsonSerializer.Serialize(document, Json));

    /// <summary>The document under <paramref name="id"/>, including this batch's writes; null when there is none.</summary>
    public async Task<T?> Load<T>(string table, string id) where T : class
    {
        using var command = Command(SqliteProjectionStatements.LoadDocument(Quote(table)), [id]);
        object? data;
        try
        {
            data = await command.ExecuteScalarAsync().ConfigureAwait(false);
        }
        catch (SqliteException e) when (SqliteEventStore.IsInfrastructureFailure(e))
        {
            throw Unavailable(e);
        }
        return data is string json ? JsonSerializer.Deserialize<T>(json, Json) : null;
    }

    /// <summary>Removes the document under <paramref name="id"/>; false when there was none.</summary>
    public async Task<bool> Delete(string table, string id) =>
        await Execute(SqliteProjectionStatements.DeleteDocument(Quote(table)), id).ConfigureAwait(false) > 0;

    private SqliteCommand Command(string sql, object?[] parameters)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++)
            command.Parameters.AddWithValue(i < ParameterNames.Length ? ParameterNames[i] : ParameterName(i + 1), parameters[i] ?? DBNull.Value);
        return command;
    }

    // A broken file (disk full, I/O error) is not the handler's fault: say so with the store's exception.
    private static EventStoreUnavailableException Unavailable(SqliteException e) => new(SqliteEventStore.StoreName, "projection write", e);

    private static string ParameterName(int position) => string.Create(CultureInfo.InvariantCulture, $"${position}");

    /// <summary>Checks that <paramref name="table"/> is a plain identifier and quotes it: it is spliced into SQL.</summary>
    private static string Quote(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var safe = table.Length is > 0 and <= 128
            && (char.IsAsciiLetter(table[0]) || table[0] == '_')
            && table.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            && !table.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase);
        return safe
            ? $"\"{table}\""
            : throw new ArgumentException($"'{table}' is not a safe table name: use ASCII letters, digits and underscores, not starting with a digit or 'sqlite_'.", nameof(table));
    }
}
