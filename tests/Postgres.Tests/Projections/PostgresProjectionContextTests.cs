namespace EventFramework.Postgres.Tests.Projections;

public sealed class PostgresProjectionContextTests(PostgresProjectionSinkFixture fixture) : IClassFixture<PostgresProjectionSinkFixture>
{
    private sealed record Account(string Owner, long Balance, DateTimeOffset? Closed = null);

    [Fact]
    public async Task documents_round_trip_as_camel_case_jsonb_and_can_be_deleted()
    {
        var table = Table();
        Account? loaded = null;
        Account? afterDelete = new("x", 0);

        await InBatch(async db =>
        {
            await db.EnsureDocumentTable(table);
            await db.Upsert(table, "a-1", new Account("ann", 10));
            await db.Upsert(table, "a-1", new Account("ann", 15)); // replaces
            await db.Upsert(table, "a-2", new Account("bob", 1));
            loaded = await db.Load<Account>(table, "a-1");      // sees this batch's writes
            await db.Delete(table, "a-2");
            afterDelete = await db.Load<Account>(table, "a-2");
        });

        Assert.Equal(new Account("ann", 15), loaded);
        Assert.Null(afterDelete);
        await using var cmd = fixture.DataSource.CreateCommand($"select data->>'owner', (data->>'balance')::bigint, count(*) over () from {table}");
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("ann", 15L, 1L), (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
    }

    [Fact]
    public async Task loading_a_missing_document_gives_default()
    {
        var table = Table();
        Account? loaded = new("x", 0);

        await InBatch(async db =>
        {
            await db.EnsureDocumentTable(table);
            await db.EnsureDocumentTable(table);
            loaded = await db.Load<Account>(table, "nobody");
        });

        Assert.Null(loaded);
    }

    [Fact]
    public async Task concurrent_batches_can_both_create_the_same_document_table()
    {
        var table = Table();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => InBatch(async db =>
        {
            await db.EnsureDocumentTable(table);
            await db.Upsert(table, $"d-{i}", new Account($"o-{i}", i));
        })));

        await using var cmd = fixture.DataSource.CreateCommand($"select count(*) from {table}");
        Assert.Equal(4L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task execute_binds_positional_parameters_including_null_and_counts_rows()
    {
        var table = Table();
        var affected = 0;

        await InBatch(async db =>
        {
            await db.Execute($"create table {table} (id int primary key, note text)");
            affected = await db.Execute($"insert into {table} values ($1, $2), ($3, $4)", 1, "one", 2, null);
        });

        Assert.Equal(2, affected);
        await using var cmd = fixture.DataSource.CreateCommand($"select count(*) from {table} where note is null");
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task a_cancellation_token_passed_to_execute_is_refused_rather_than_bound_as_a_parameter()
    {
        await InBatch(async db =>
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => db.Execute("select $1", CancellationToken.None));
            Assert.Contains("batch's cancellation token", error.Message, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("Accounts")]
    [InlineData("accounts; drop table x")]
    [InlineData("a.b.c")]
    [InlineData("\"accounts\"")]
    [InlineData("")]
    public async Task table_names_must_be_plain_identifiers(string table)
    {
        await InBatch(async db =>
        {
            await Assert.ThrowsAsync<ArgumentException>(() => db.EnsureDocumentTable(table));
            await Assert.ThrowsAsync<ArgumentException>(() => db.Upsert(table, "id", new Account("x", 1)));
            await Assert.ThrowsAsync<ArgumentException>(() => db.Load<Account>(table, "id"));
            await Assert.ThrowsAsync<ArgumentException>(() => db.Delete(table, "id"));
        });
    }

    [Fact]
    public async Task a_schema_qualified_table_name_is_accepted()
    {
        var table = $"{fixture.Name}.{Table()}";

        await InBatch(async db =>
        {
            await db.EnsureDocumentTable(table);
            await db.Upsert(table, "a", new Account("ann", 1));
        });

        await using var cmd = fixture.DataSource.CreateCommand($"select count(*) from {table}");
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    /// <summary>Runs <paramref name="work"/> in a committed sink batch of its own.</summary>
    private async Task InBatch(Func<PostgresProjectionContext, Task> work) =>
        Assert.True(await fixture.Sink.Commit($"k-{Guid.NewGuid():N}", null, new LogPosition(1, 1), [], (db, _) => work(db)));

    private static string Table() => $"docs_{Guid.NewGuid():N}"[..20];
}
