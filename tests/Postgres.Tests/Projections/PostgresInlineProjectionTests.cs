using EventFramework.Testing;

namespace EventFramework.Postgres.Tests.Projections;

public sealed class PostgresInlineProjectionTests
{
    [EventType("InlineDeposited")] private sealed record InlineDeposited(string Account, long Amount);

    private sealed class InlineBalances(long? poison = null) : Projection<PostgresProjectionContext>("inline-balances")
    {
        public InlineBalances Register()
        {
            On<InlineDeposited>(async (db, e, envelope, ct) =>
            {
                if (e.Amount == poison) throw new InvalidOperationException("refused");
                await db.Execute("insert into inline_balances (account, amount, last_position) values ($1, $2, $3) on conflict (account) do update set amount = inline_balances.amount + excluded.amount, last_position = excluded.last_position",
                    e.Account, e.Amount, envelope.StreamPosition);
            });
            return this;
        }
    }

    [Fact]
    public async Task inline_projections_commit_with_the_append_or_not_at_all()
    {
        await using var schema = await PostgresSchema.Create("inline");
        await using var store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        await using (var create = schema.DataSource.CreateCommand("create table inline_balances (account text primary key, amount bigint not null, last_position bigint not null)"))
            await create.ExecuteNonQueryAsync();
        var serializer = new EventSerializer(new TypeRegistry().Register<InlineDeposited>());
        var stream = new StreamName("Account-ada");
        var inline = new PostgresInlineProjections(store, serializer, new InlineBalances(poison: 13).Register());

        await inline.Append(stream, ExpectedVersion.NoStream, [serializer.Serialize(new InlineDeposited("ada", 5)), serializer.Serialize(new InlineDeposited("ada", 7))]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => inline.Append(stream, ExpectedVersion.Exactly(1), [serializer.Serialize(new InlineDeposited("ada", 13))]));
        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => inline.Append(stream, ExpectedVersion.Exactly(0), [serializer.Serialize(new InlineDeposited("ada", 1))]));

        Assert.Equal(1, conflict.ActualVersion);
        Assert.Equal(1, await store.GetStreamVersion(stream));
        await using var read = schema.DataSource.CreateCommand("select amount, last_position from inline_balances where account = 'ada'");
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((12L, 1L), (reader.GetInt64(0), reader.GetInt64(1)));
    }
}
