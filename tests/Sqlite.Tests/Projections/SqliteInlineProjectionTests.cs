using EventFramework.Testing;
using Microsoft.Data.Sqlite;

namespace EventFramework.Sqlite.Tests.Projections;

public sealed class SqliteInlineProjectionTests
{
    [EventType("InlineDeposited")] private sealed record InlineDeposited(string Account, long Amount);

    private sealed class InlineBalances : Projection<SqliteProjectionContext>
    {
        public InlineBalances() : base("inline-balances") =>
            On<InlineDeposited>((db, e, envelope, _) => e.Amount == 13
                ? throw new InvalidOperationException("refused")
                : db.Execute("insert into inline_balances (account, amount, last_position) values ($1, $2, $3) on conflict (account) do update set amount = amount + excluded.amount, last_position = excluded.last_position",
                    e.Account, e.Amount, envelope.StreamPosition));
    }

    [Fact]
    public async Task inline_projections_commit_with_the_append_or_not_at_all()
    {
        using var file = new TempFile();
        await using var store = new SqliteEventStore(file.Path);
        await store.Migrate();
        await using (var connection = new SqliteConnection($"Data Source={file.Path}"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = "create table inline_balances (account text primary key, amount integer not null, last_position integer not null)";
            await create.ExecuteNonQueryAsync();
        }
        var serializer = new EventSerializer(new TypeRegistry().Register<InlineDeposited>());
        var stream = new StreamName("Account-ada");
        var inline = new SqliteInlineProjections(store, serializer, new InlineBalances());

        await inline.Append(stream, ExpectedVersion.NoStream, [serializer.Serialize(new InlineDeposited("ada", 5)), serializer.Serialize(new InlineDeposited("ada", 7))]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => inline.Append(stream, ExpectedVersion.Exactly(1), [serializer.Serialize(new InlineDeposited("ada", 13))]));
        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => inline.Append(stream, ExpectedVersion.Exactly(0), [serializer.Serialize(new InlineDeposited("ada", 1))]));

        Assert.Equal(1, conflict.ActualVersion);
        Assert.Equal(1, await store.GetStreamVersion(stream));
        await using var read = new SqliteConnection($"Data Source={file.Path}");
        await read.OpenAsync();
        await using var query = read.CreateCommand();
        query.CommandText = "select amount, last_position from inline_balances where account = 'ada'";
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((12L, 1L), (reader.GetInt64(0), reader.GetInt64(1)));
    }
}
