using EventFramework.Testing;

namespace EventFramework.Postgres.Tests.Projections;

public sealed class PostgresDeferredWriteTests
{
    [EventType("Tallied")] private sealed record Tallied(string Key, int? Amount);

    /// <summary>Queues one write per event; an event with no amount breaks the table's not-null rule.</summary>
    private sealed class Tally() : Projection<PostgresProjectionContext>("tally")
    {
        public Tally Register()
        {
            On<Tallied>((db, e, _) =>
            {
                db.Defer("insert into tally (key, amount) values ($1, $2) on conflict (key) do update set amount = tally.amount + excluded.amount", e.Key, e.Amount);
                return Task.CompletedTask;
            });
            return this;
        }
    }

    private static readonly EventSerializer Serializer = new(new TypeRegistry().Register<Tallied>());

    [Fact]
    public async Task queued_writes_commit_with_the_checkpoint_and_a_failing_one_is_parked_alone()
    {
        await using var schema = await PostgresSchema.Create("deferred");
        await using var store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        await using (var create = schema.DataSource.CreateCommand("create table tally (key text primary key, amount int not null)"))
            await create.ExecuteNonQueryAsync();
        for (var i = 0; i < 40; i++)
            await store.Append(Serializer, new StreamName($"t-{i % 4}"), ExpectedVersion.Any, [new Tallied($"k{i % 4}", i == 17 ? null : 1)]);
        var sink = new PostgresProjectionSink(schema.DataSource, schema.Name);
        var catalog = new ProjectionCatalog<PostgresProjectionContext>(store, sink, Serializer)
            .Add(new Tally().Register(), new ProjectionOptions { BatchSize = 16, MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(1) });

        await catalog.Rebuild("tally").WaitAsync(TimeSpan.FromSeconds(60));

        var parked = await catalog.Parked("tally");
        Assert.Equal("t-1", parked[0].Stream);                 // event 17 is in stream t-1 ...
        Assert.Null(parked[0].BlockedBy);
        Assert.All(parked.Skip(1), p => Assert.Equal(parked[0].EventId, p.BlockedBy)); // ... and its later events wait behind it
        Assert.Equal(6, parked.Count);                         // event 17, then 21, 25, 29, 33, 37 of the same stream
        Assert.Equal(34, await Count(schema, "select coalesce(sum(amount), 0) from tally"));
        Assert.Equal(0L, (await catalog.Status("tally"))[0].Behind);
    }

    private static async Task<int> Count(PostgresSchema schema, string sql)
    {
        await using var cmd = schema.DataSource.CreateCommand(sql);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
