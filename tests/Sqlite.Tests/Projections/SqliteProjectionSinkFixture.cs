using EventFramework.Conformance;
using EventFramework.Testing;
using Microsoft.Data.Sqlite;

namespace EventFramework.Sqlite.Tests.Projections;

/// <summary>
/// A projection sink in a fresh SQLite file per test class, in the same file as its event store,
/// with a read model of one number per key (table <c>numbers</c>).
/// </summary>
public sealed class SqliteProjectionSinkFixture : IProjectionSinkFixture<SqliteProjectionContext>, IAsyncLifetime
{
    private readonly TempFile _file = new();
    private SqliteEventStore? _store;
    private SqliteProjectionSink? _sink;

    public SqliteEventStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public SqliteProjectionSink SqliteSink => _sink ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public IProjectionSink<SqliteProjectionContext> Sink => SqliteSink;

    public async Task InitializeAsync()
    {
        _store = new SqliteEventStore(_file.Path);
        await _store.Migrate();
        _sink = new SqliteProjectionSink(_store);
        using var connection = OpenRaw();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE numbers (key TEXT NOT NULL PRIMARY KEY, value INTEGER NOT NULL) STRICT";
        create.ExecuteNonQuery();
    }

    public Task Add(SqliteProjectionContext context, string key, long delta, CancellationToken ct) =>
        context.Execute("INSERT INTO numbers (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = value + excluded.value", key, delta);

    public Task<long?> Read(string key)
    {
        using var connection = OpenRaw();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT value FROM numbers WHERE key = $key";
        query.Parameters.AddWithValue("$key", key);
        return Task.FromResult(query.ExecuteScalar() is long value ? value : (long?)null);
    }

    /// <summary>A plain connection of its own to the file, as another process would open it.</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        _file.Dispose();
    }
}
