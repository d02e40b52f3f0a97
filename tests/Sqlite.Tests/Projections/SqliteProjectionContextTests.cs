namespace EventFramework.Sqlite.Tests.Projections;

/// <summary>What handlers write through: positional parameters, the document helper, the batch's transaction.</summary>
public sealed class SqliteProjectionContextTests : IAsyncLifetime
{
    private readonly SqliteProjectionSinkFixture _db = new();
    private LogPosition? _checkpoint;

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private sealed record Account(string Owner, long Balance, DateTimeOffset Opened);

    [Fact]
    public async Task documents_are_stored_as_camel_case_json_and_read_back_including_the_batchs_own_writes()
    {
        var opened = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        await Batch(async ctx =>
        {
            await ctx.EnsureDocumentTable("accounts");
            await ctx.Upsert("accounts", "acc-1", new Account("Ada", 10, opened));
            Assert.Equal(new Account("Ada", 10, opened), await ctx.Load<Account>("accounts", "acc-1"));
            await ctx.Upsert("accounts", "acc-1", new Account("Ada", 25, opened));
        });

        await Batch(async ctx =>
        {
            Assert.Equal(new Account("Ada", 25, opened), await ctx.Load<Account>("accounts", "acc-1"));
            Assert.Null(await ctx.Load<Account>("accounts", "acc-2"));
        });
        using var raw = _db.OpenRaw();
        using var query = raw.CreateCommand();
        query.CommandText = "SELECT data FROM accounts WHERE id = 'acc-1'";
        Assert.Equal("""{"owner":"Ada","balance":25,"opened":"2025-01-02T03:04:05+00:00"}""", query.ExecuteScalar());
    }

    [Fact]
    public async Task delete_removes_a_document_and_says_whether_there_was_one()
    {
        await Batch(async ctx =>
        {
            await ctx.EnsureDocumentTable("accounts");
            await ctx.EnsureDocumentTable("accounts"); // idempotent
            await ctx.Upsert("accounts", "acc-1", new Account("Ada", 10, DateTimeOffset.UnixEpoch));
        });

        await Batch(async ctx =>
        {
            Assert.True(await ctx.Delete("accounts", "acc-1"));
            Assert.False(await ctx.Delete("accounts", "acc-1"));
            Assert.Null(await ctx.Load<Account>("accounts", "acc-1"));
        });
    }

    [Theory]
    [InlineData("accounts; DROP TABLE events")]
    [InlineData("accounts\"")]
    [InlineData("1accounts")]
    [InlineData("account-views")]
    [InlineData("sqlite_master")]
    [InlineData("")]
    [InlineData("comptes_é")]
    public async Task an_unsafe_table_name_is_refused_before_any_sql_runs(string table)
    {
        var before = CountTables();
        await Assert.ThrowsAsync<ArgumentException>(() => Batch(ctx => ctx.EnsureDocumentTable(table)));
        await Assert.ThrowsAsync<ArgumentException>(() => Batch(ctx => ctx.Upsert(table, "id", new Account("Ada", 1, DateTimeOffset.UnixEpoch))));
        await Assert.ThrowsAsync<ArgumentException>(() => Batch(ctx => ctx.Load<Account>(table, "id")));
        await Assert.ThrowsAsync<ArgumentException>(() => Batch(ctx => ctx.Delete(table, "id")));

        Assert.Equal(before, CountTables()); // nothing dropped or added
    }

    private long CountTables()
    {
        using var raw = _db.OpenRaw();
        using var tables = raw.CreateCommand();
        tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'";
        return (long)tables.ExecuteScalar()!;
    }

    [Fact]
    public async Task execute_binds_parameters_by_position_and_null_as_sql_null()
    {
        var values = Enumerable.Range(1, 20).Select(i => (object?)(long)i).ToArray();
        values[4] = null;
        var columns = string.Join(", ", Enumerable.Range(1, 20).Select(i => $"c{i}"));
        var placeholders = string.Join(", ", Enumerable.Range(1, 20).Select(i => $"${i}"));

        await Batch(async ctx =>
        {
            await ctx.Execute($"CREATE TABLE wide ({columns})");
            Assert.Equal(1, await ctx.Execute($"INSERT INTO wide ({columns}) VALUES ({placeholders})", values));
        });

        using var raw = _db.OpenRaw();
        using var query = raw.CreateCommand();
        query.CommandText = "SELECT c1, c5 IS NULL, c16, c17, c20 FROM wide";
        using var reader = query.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal([1L, 1L, 16L, 17L, 20L], Enumerable.Range(0, 5).Select(reader.GetInt64));
    }

    [Fact]
    public async Task commands_made_from_the_connection_join_the_batchs_transaction()
    {
        await Assert.ThrowsAsync<TimeoutException>(() => Batch(async ctx =>
        {
            using var command = ctx.Connection.CreateCommand();
            command.CommandText = "INSERT INTO numbers (key, value) VALUES ('raw', 1)";
            await command.ExecuteNonQueryAsync();
            Assert.Same(ctx.Transaction, command.Transaction);
            throw new TimeoutException("roll it back");
        }));

        Assert.Null(await _db.Read("raw"));
    }

    [Fact]
    public async Task a_failure_of_the_file_under_a_handler_surfaces_as_the_store_being_unavailable()
    {
        var e = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => Batch(async ctx =>
        {
            await ctx.Execute("PRAGMA query_only = 1"); // writes now fail as on a read-only file
            try
            {
                await ctx.Execute("INSERT INTO numbers (key, value) VALUES ($1, $2)", "a", 1);
            }
            finally
            {
                await ctx.Execute("PRAGMA query_only = 0"); // the connection goes back to the pool
            }
        }));

        Assert.Equal(("SQLite", "projection write"), (e.Store, e.Operation));
        Assert.Null(await _db.Read("a"));
    }

    /// <summary>Commits one batch through the sink, moving the checkpoint one step.</summary>
    private async Task Batch(Func<SqliteProjectionContext, Task> apply)
    {
        var next = new LogPosition(0, (_checkpoint?.Sequence ?? 0) + 1);
        Assert.True(await _db.Sink.Commit("context-tests", _checkpoint, next, [], (ctx, _) => apply(ctx)));
        _checkpoint = next;
    }
}
